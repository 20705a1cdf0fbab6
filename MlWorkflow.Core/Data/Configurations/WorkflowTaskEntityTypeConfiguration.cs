using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Users;

namespace MlWorkflow.Core.Data.Configurations;

public sealed class WorkflowTaskEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowTask>
{
    public void Configure(EntityTypeBuilder<WorkflowTask> builder)
    {
        builder.ToTable("tasks", t => t.HasCheckConstraint("ck_tasks_progress", "progress BETWEEN 0 AND 100"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion(k => k.ToName(), s => Parse<WorkflowTaskKind>(s, WorkflowTaskKinds.TryParse)).HasMaxLength(32);
        builder.Property(t => t.Status).HasConversion(s => s.ToName(), s => Parse<WorkflowTaskStatus>(s, WorkflowTaskStatuses.TryParse)).HasMaxLength(16);
        builder.Property(t => t.Parameters).HasColumnType("jsonb");
        builder.Property(t => t.Result).HasColumnType("jsonb");
        builder.Property(t => t.JobId).HasMaxLength(64);
        builder.Property(t => t.TraceParent).HasMaxLength(128);
        builder.Property(t => t.CancelRequestedBy).HasMaxLength(254);
        builder.Ignore(t => t.IsFinished);

        builder.HasOne<User>().WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a dataset deletes the tasks that worked on it (and, through them, their logs).
        builder.HasOne<Dataset>().WithMany().HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a task's output keeps the task (and its log) to show what ran.
        builder.HasOne<Dataset>().WithMany().HasForeignKey(t => t.OutputDatasetId).OnDelete(DeleteBehavior.SetNull);

        // The list endpoint: a user's tasks, newest first, optionally by status and kind.
        builder.HasIndex(t => new { t.OwnerId, t.CreatedAt });
        builder.HasIndex(t => t.DatasetId);
    }

    private delegate bool TryParse<T>(string? name, out T value);

    private static T Parse<T>(string name, TryParse<T> tryParse) =>
        tryParse(name, out var value) ? value : throw new InvalidOperationException($"'{name}' is not a known {typeof(T).Name}.");
}
