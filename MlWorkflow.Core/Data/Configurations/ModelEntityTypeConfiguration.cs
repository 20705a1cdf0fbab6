using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Models;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Users;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class ModelEntityTypeConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("models", t => t.HasCheckConstraint("ck_models_version", "version >= 1"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.DatasetName).HasMaxLength(200);
        builder.Property(m => m.DatasetSha256).HasMaxLength(64);
        builder.Property(m => m.Task).HasMaxLength(16);
        builder.Property(m => m.Metric).HasMaxLength(32);
        builder.Property(m => m.Algorithm).HasMaxLength(64);
        foreach (var json in new[] { nameof(Model.Members), nameof(Model.Metrics), nameof(Model.Validation), nameof(Model.Leaderboard),
            nameof(Model.FeatureImportance), nameof(Model.Charts), nameof(Model.Steps), nameof(Model.FittedSteps), nameof(Model.InputSchema), nameof(Model.Labels) })
        {
            builder.Property(json).HasColumnType("jsonb");
        }
        // Rows registered before the fitted steps were kept have none to show.
        builder.Property(m => m.FittedSteps).HasDefaultValueSql("'[]'::jsonb");

        builder.HasOne<User>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // A model outlives its dataset and its train task; it keeps the dataset's name and hash.
        builder.HasOne<Dataset>().WithMany().HasForeignKey(m => m.DatasetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<WorkflowTask>().WithMany().HasForeignKey(m => m.TrainTaskId).OnDelete(DeleteBehavior.SetNull);
        // The package cannot go while the model points at it; once the model is deleted the artifact sweep removes it.
        builder.HasOne<Artifact>().WithMany().HasForeignKey(m => m.ArtifactId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(m => new { m.OwnerId, m.Name, m.Version }).IsUnique();
        // The list endpoint: a user's models, newest first (optionally of one dataset).
        builder.HasIndex(m => new { m.OwnerId, m.CreatedAt });
        // One model per train task: a task that completes twice cannot register two.
        builder.HasIndex(m => m.TrainTaskId).IsUnique();
    }
}
