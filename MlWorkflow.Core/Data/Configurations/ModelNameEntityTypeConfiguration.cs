using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Models;
using MlWorkflow.Core.Users;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class ModelNameEntityTypeConfiguration : IEntityTypeConfiguration<ModelName>
{
    public void Configure(EntityTypeBuilder<ModelName> builder)
    {
        builder.ToTable("model_names", t => t.HasCheckConstraint("ck_model_names_last_version", "last_version >= 1"));
        builder.HasKey(n => new { n.OwnerId, n.Name });
        builder.Property(n => n.Name).HasMaxLength(200);
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
