using System.Net;

namespace MlWorkflow.Web.Services;

/// <summary>
/// What the dataset page shows: the dataset, its preview once its file is written, the task still working on it, and
/// for a derived dataset its parent (whose profile is the "before" of the before/after view).
/// </summary>
public sealed class DatasetPageState(DatasetsClient datasets)
{
    private const int PreviewRows = 20;

    public DatasetRecord? Dataset { get; private set; }

    public DatasetPreview? Preview { get; private set; }

    /// <summary>The dataset could not be loaded: nothing else is shown.</summary>
    public ProblemException? Problem { get; private set; }

    public ProblemException? PreviewProblem { get; private set; }

    /// <summary>A derived dataset whose job has not written its file yet has no rows to preview.</summary>
    public bool PreviewNotWritten { get; private set; }

    /// <summary>The parent of a derived dataset, loaded once both profiles exist.</summary>
    public DatasetRecord? Parent { get; private set; }

    public ProblemException? ParentProblem { get; private set; }

    /// <summary>
    /// The task the page waits on while there is no profile: the task writing a derived dataset (preprocess or batch_predict) until it is written,
    /// then the profile task. Null once profiled.
    /// </summary>
    public (Guid Id, string Kind)? PendingTask => Dataset switch
    {
        null or { Profile: not null } => null,
        { Lineage: { } lineage, IsWritten: false } => (lineage.TaskId, lineage.TaskKind),
        { ProfileTaskId: { } profileTaskId } => (profileTaskId, "profile"),
        _ => null,
    };

    public async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        (Dataset, Preview, Problem, PreviewProblem, PreviewNotWritten, Parent, ParentProblem) = (null, null, null, null, false, null, null);
        await ReloadAsync(id, cancellationToken);
    }

    /// <summary>After the pending task finished: the dataset moves on (written, profiled or failed).</summary>
    public async Task ReloadAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            Dataset = await datasets.GetDatasetAsync(id, cancellationToken);
            Problem = null;
        }
        catch (ProblemException problem)
        {
            Problem = problem;
            return;
        }
        await Task.WhenAll(LoadPreviewAsync(id, cancellationToken), LoadParentAsync(cancellationToken));
    }

    private async Task LoadPreviewAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Preview is not null)
        {
            return;
        }
        PreviewNotWritten = !Dataset!.IsWritten;
        if (PreviewNotWritten)
        {
            return;
        }
        try
        {
            Preview = await datasets.GetPreviewAsync(id, PreviewRows, cancellationToken);
            PreviewProblem = null;
        }
        // The dataset was read a moment before its job stored the file: not an error, the page says so.
        catch (ProblemException problem) when (problem.Status == HttpStatusCode.Conflict && problem.Code == "dataset_not_written")
        {
            PreviewNotWritten = true;
        }
        catch (ProblemException problem)
        {
            PreviewProblem = problem;
        }
    }

    private async Task LoadParentAsync(CancellationToken cancellationToken)
    {
        if (Parent is not null || Dataset is not { Lineage: { } lineage, Profile: not null })
        {
            return;
        }
        try
        {
            Parent = await datasets.GetDatasetAsync(lineage.ParentDatasetId, cancellationToken);
        }
        catch (ProblemException problem)
        {
            ParentProblem = problem;
        }
    }
}
