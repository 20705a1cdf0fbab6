using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Artifacts;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class ArtifactEntityTypeConfiguration : IEntityTypeConfiguration<Artifact>
{
    public void Configure(EntityTypeBuilder<Artifact> builder)
    {
        builder.ToTable("artifacts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(32);
        builder.Property(a => a.ContentType).HasMaxLength(127);
        builder.Property(a => a.Sha256).HasMaxLength(64);
    }
}
