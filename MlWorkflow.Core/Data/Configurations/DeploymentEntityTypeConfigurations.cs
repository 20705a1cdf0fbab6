using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Core.Models;
using MlWorkflow.Core.Users;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class DeploymentEntityTypeConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.ToTable("deployments", t =>
        {
            t.HasCheckConstraint("ck_deployments_generation", "generation >= 1");
            t.HasCheckConstraint("ck_deployments_drift_interval", "drift_interval_minutes BETWEEN 1 AND 10080");
            t.HasCheckConstraint("ck_deployments_retention", "log_retention_days BETWEEN 1 AND 3650");
        });
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(DeploymentDefaults.NameMaxLength);
        builder.Property(d => d.WebhookUrl).HasMaxLength(2000);
        builder.Property(d => d.DriftSettings).HasColumnType("jsonb");
        builder.Property(d => d.DriftReport).HasColumnType("jsonb");

        builder.HasOne<User>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // A served model cannot be deleted: DELETE /api/models/{id} answers 409 until the deployment moves off it.
        builder.HasOne<Model>().WithMany().HasForeignKey(d => d.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.OwnerId, d.Name }).IsUnique();
        builder.HasIndex(d => d.ModelId);
    }
}

public sealed class DeploymentHistoryEntryEntityTypeConfiguration : IEntityTypeConfiguration<DeploymentHistoryEntry>
{
    public void Configure(EntityTypeBuilder<DeploymentHistoryEntry> builder)
    {
        builder.ToTable("deployment_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.ModelName).HasMaxLength(200);
        builder.HasOne<Deployment>().WithMany().HasForeignKey(h => h.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => new { h.DeploymentId, h.From });
    }
}

public sealed class DeploymentKeyEntityTypeConfiguration : IEntityTypeConfiguration<DeploymentKey>
{
    public void Configure(EntityTypeBuilder<DeploymentKey> builder)
    {
        builder.ToTable("deployment_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.HasOne<Deployment>().WithMany().HasForeignKey(k => k.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.DeploymentId);
    }
}

public sealed class PredictionLogEntryEntityTypeConfiguration : IEntityTypeConfiguration<PredictionLogEntry>
{
    public void Configure(EntityTypeBuilder<PredictionLogEntry> builder)
    {
        builder.ToTable("prediction_logs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityAlwaysColumn();
        builder.Property(p => p.Inputs).HasColumnType("jsonb");
        builder.Property(p => p.Output).HasColumnType("jsonb");
        builder.HasOne<Deployment>().WithMany().HasForeignKey(p => p.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        // Drift windows (a deployment's rows after an id) and the retention sweep (older than a time).
        builder.HasIndex(p => new { p.DeploymentId, p.Id });
        builder.HasIndex(p => new { p.DeploymentId, p.CreatedAt });
    }
}

public sealed class DeploymentMinuteStatsEntityTypeConfiguration : IEntityTypeConfiguration<DeploymentMinuteStats>
{
    public void Configure(EntityTypeBuilder<DeploymentMinuteStats> builder)
    {
        builder.ToTable("deployment_stats");
        builder.HasKey(s => new { s.DeploymentId, s.Minute });
        builder.HasOne<Deployment>().WithMany().HasForeignKey(s => s.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DriftAlertEntityTypeConfiguration : IEntityTypeConfiguration<DriftAlert>
{
    public void Configure(EntityTypeBuilder<DriftAlert> builder)
    {
        builder.ToTable("drift_alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Feature).HasMaxLength(200);
        builder.Property(a => a.Metric).HasMaxLength(32);
        builder.Property(a => a.Severity).HasMaxLength(16);
        builder.HasOne<Deployment>().WithMany().HasForeignKey(a => a.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeploymentId, a.CreatedAt });
        // The navigation badge counts a user's unacknowledged alerts.
        builder.HasIndex(a => a.DeploymentId).HasFilter("acknowledged_at IS NULL").HasDatabaseName("ix_drift_alerts_unacknowledged");
    }
}
