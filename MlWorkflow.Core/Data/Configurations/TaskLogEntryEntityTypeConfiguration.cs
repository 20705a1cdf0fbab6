using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;

namespace MlWorkflow.Core.Data.Configurations;

/// <summary><c>task_logs</c>: written by <see cref="TaskLogStore"/> with binary COPY, read in seq order.</summary>
public sealed class TaskLogEntryEntityTypeConfiguration : IEntityTypeConfiguration<TaskLogEntry>
{
    public void Configure(EntityTypeBuilder<TaskLogEntry> builder)
    {
        builder.ToTable("task_logs");
        builder.HasKey(e => new { e.TaskId, e.Seq });
        builder.Property(e => e.Level).HasMaxLength(16);
        builder.Property(e => e.Step).HasMaxLength(64);
        builder.HasOne<WorkflowTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
