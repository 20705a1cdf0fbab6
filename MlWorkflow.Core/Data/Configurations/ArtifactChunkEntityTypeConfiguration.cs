using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Artifacts;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class ArtifactChunkEntityTypeConfiguration : IEntityTypeConfiguration<ArtifactChunk>
{
    public void Configure(EntityTypeBuilder<ArtifactChunk> builder)
    {
        builder.ToTable("artifact_chunks");
        builder.HasKey(c => new { c.ArtifactId, c.Index });
        builder.HasOne<Artifact>().WithMany().HasForeignKey(c => c.ArtifactId).OnDelete(DeleteBehavior.Cascade);
    }
}
