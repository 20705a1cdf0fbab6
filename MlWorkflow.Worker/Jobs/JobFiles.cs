using System.Diagnostics;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;

namespace MlWorkflow.Worker.Jobs;

/// <summary>A job's local scratch folder and the stored files it reads.</summary>
public static class JobFiles
{
    /// <summary>An empty folder of the task's own: whatever an earlier run of the task left there is removed (a resumed run starts over).</summary>
    public static string NewFolder(string kind, WorkflowTask task)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlworkflow", $"{kind}-{task.Id:N}");
        DeleteFolder(folder);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Opens a dataset's stored file; a missing one fails the task saying what to do.</summary>
    public static async Task<Stream> OpenAsync(PostgresArtifactStore store, Dataset dataset, CancellationToken cancellationToken) =>
        await store.OpenReadAsync(dataset.ArtifactId!.Value, cancellationToken)
        ?? throw new TaskDataException($"The stored file of dataset '{dataset.Name}' is missing. Delete the dataset and upload the file again.");
}

/// <summary>The status changes of a task that writes a new dataset (preprocess, batch_predict): processing, failed, removed on cancel.</summary>
public abstract class OutputDatasetRunner : ITaskRunner
{
    public TransitionWork? OnStarting(WorkflowTask task) => DatasetWrites.SetStatus(task.OutputDatasetId, DatasetStatus.Processing);

    public TransitionWork? OnFailed(WorkflowTask task) => DatasetWrites.SetStatus(task.OutputDatasetId, DatasetStatus.Failed);

    public TransitionWork? OnCancelled(WorkflowTask task) => DatasetWrites.Delete(task.OutputDatasetId);

    public abstract Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken);

    /// <summary>
    /// The profile task of a written output (queued after the writing task completes). The output writes every missing
    /// value as an empty field, so only "" is missing in it.
    /// </summary>
    protected static WorkflowTask ProfileTaskOf(WorkflowTask task) => new()
    {
        OwnerId = task.OwnerId,
        Kind = WorkflowTaskKind.Profile,
        DatasetId = task.OutputDatasetId,
        Parameters = new ProfileTaskParameters([""]).ToJson(),
        TraceParent = Activity.Current?.Id,
    };
}
