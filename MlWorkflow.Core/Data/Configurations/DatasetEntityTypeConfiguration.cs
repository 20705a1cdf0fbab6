using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Users;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class DatasetEntityTypeConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("datasets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.Format).HasMaxLength(16);
        builder.Property(d => d.Encoding).HasMaxLength(64);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.Profile).HasColumnType("jsonb");
        builder.Property(d => d.Pipeline).HasColumnType("jsonb");
        builder.Property(d => d.Lineage).HasColumnType("jsonb");
        builder.Property(d => d.Status).HasConversion(s => s.ToName(), s => Parse(s)).HasMaxLength(16);

        // Deleting a user deletes their datasets; an artifact cannot go while a dataset points at it.
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(d => d.ArtifactId).OnDelete(DeleteBehavior.Restrict);
        // A derived dataset outlives its parent; its lineage still names the parent.
        builder.HasOne<Dataset>().WithMany().HasForeignKey(d => d.ParentDatasetId).OnDelete(DeleteBehavior.SetNull);

        // The list endpoint: a user's datasets, newest first.
        builder.HasIndex(d => new { d.OwnerId, d.CreatedAt });
    }

    private static DatasetStatus Parse(string name) =>
        DatasetStatuses.TryParse(name, out var status) ? status : throw new InvalidOperationException($"'{name}' is not a known dataset status.");
}
