namespace MlWorkflow.Web.Services;

/// <summary>
/// The pipeline being edited for one dataset and target: the saved pipeline when one is saved for that target,
/// else the suggestion. Every edit shows at once and is saved (PUT); a reset forgets it (DELETE). Requests reach the
/// Api one at a time in the order they were made, so a reset clicked while a save is on its way comes after it and
/// nothing clicked meanwhile is refused; the page shows the outcome of the newest request. A failed save restores
/// the steps the Api last confirmed. A run goes through the same queue (see <see cref="RunAsync"/>).
/// </summary>
public sealed class PipelineEditorState(PipelinesClient pipelines)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _newest; // numbers every edit, reset and load: only the newest one's outcome is shown
    private int _writes; // edits and resets not finished
    private int _failedWrites; // edits and resets the Api refused, ever: a run compares it before and after its turn
    private IReadOnlyList<PipelineStepRecord> _confirmed = [];

    public Guid DatasetId { get; private set; }

    public string? Target { get; private set; }

    /// <summary>"binary", "multiclass" or "regression".</summary>
    public string? TargetTask { get; private set; }

    public IReadOnlyList<PipelineStepRecord> Steps { get; private set; } = [];

    /// <summary>True when the Api holds the user's pipeline for <see cref="Target"/>, false when it is the suggestion.</summary>
    public bool IsSaved { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>What the Api last said it holds for the dataset, whatever its target; null when nothing is saved.</summary>
    public SavedPipelineRecord? Saved { get; private set; }

    /// <summary>The target of the pipeline saved for another target (a dataset keeps one): an edit here replaces it.</summary>
    public string? OtherSavedTarget { get; private set; }

    public bool IsLoading { get; private set; }

    public bool IsSaving => _writes > 0;

    /// <summary>A saved pipeline, or an edit on its way to becoming one: either way a reset has something to forget.</summary>
    public bool CanReset => IsSaved || IsSaving;

    /// <summary>
    /// The pipeline for <see cref="Target"/> is loaded (steps shown, no load under way), so a run would run what the
    /// page shows: until then Run pipeline stays disabled.
    /// </summary>
    public bool CanRun => Target is not null && !IsLoading && LoadProblem is null;

    /// <summary>The newest edit or reset failed (the steps shown are what the Api last confirmed).</summary>
    public ProblemException? Problem { get; private set; }

    /// <summary>Neither the saved pipeline nor the suggestion could be read: there are no steps to show.</summary>
    public ProblemException? LoadProblem { get; private set; }

    public async Task LoadAsync(Guid datasetId, string target, CancellationToken cancellationToken)
    {
        var request = ++_newest;
        (DatasetId, Target, IsLoading, Problem, LoadProblem) = (datasetId, target, true, null, null);
        await _turn.WaitAsync(cancellationToken); // reads what the edits made before it wrote
        try
        {
            var saved = await pipelines.GetSavedPipelineAsync(datasetId, cancellationToken);
            Saved = saved;
            if (saved is not null && saved.Target == target)
            {
                if (request == _newest)
                {
                    Confirm(saved, show: true);
                }
                return;
            }
            var suggestion = await pipelines.GetPipelineSuggestionAsync(datasetId, target, cancellationToken);
            if (request == _newest)
            {
                (TargetTask, Steps, _confirmed, IsSaved, UpdatedAt) = (suggestion.Task, suggestion.Steps, suggestion.Steps, false, null);
                OtherSavedTarget = saved?.Target;
            }
        }
        catch (ProblemException problem)
        {
            if (request == _newest)
            {
                (Steps, _confirmed, IsSaved, LoadProblem) = ([], [], false, problem);
            }
        }
        finally
        {
            _turn.Release();
            if (request == _newest)
            {
                IsLoading = false;
            }
        }
    }

    /// <summary>Replaces the step with the same id and saves the whole pipeline.</summary>
    public Task UpdateStepAsync(PipelineStepRecord step, CancellationToken cancellationToken) =>
        SaveAsync([.. Steps.Select(s => s.Id == step.Id ? step : s)], cancellationToken);

    /// <summary>Forgets the saved pipeline (DELETE), after any save still on its way, and shows the suggestion again.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        if (Target is not { } target)
        {
            return;
        }
        var (datasetId, request) = (DatasetId, ++_newest);
        (_writes, Problem) = (_writes + 1, null);
        try
        {
            await WriteAsync(() => pipelines.DeletePipelineAsync(datasetId, cancellationToken), cancellationToken);
            Saved = null;
        }
        catch (ProblemException problem)
        {
            if (request == _newest)
            {
                Problem = problem;
            }
            return;
        }
        finally
        {
            _writes--;
        }
        if (request == _newest)
        {
            await LoadAsync(datasetId, target, cancellationToken);
        }
    }

    /// <summary>
    /// Runs the pipeline for <see cref="Target"/> into a new dataset (POST /api/run_pipeline). The request sends no steps:
    /// the Api runs the pipeline it holds (the saved one for this target, else the suggestion), so there is one copy
    /// that runs and the lineage names a pipeline the Api validated and kept. For that copy to be the one on the page,
    /// the run takes its turn behind every edit and reset clicked before it; if one of those was refused, nothing runs.
    /// </summary>
    /// <exception cref="ProblemException">The Api refused the run, or an edit made before it could not be saved.</exception>
    public async Task<RunPipelineResult> RunAsync(CancellationToken cancellationToken)
    {
        var (datasetId, target, failedBefore) = (DatasetId, Target ?? throw new InvalidOperationException("No pipeline is loaded."), _failedWrites);
        return await WriteAsync(() => _failedWrites == failedBefore
            ? pipelines.RunPipelineAsync(new RunPipelineRequest(datasetId, target), cancellationToken)
            : throw new ProblemException(null, "The pipeline was not started", "Your last edit could not be saved (the problem is shown above the steps), so the run would not have included it.",
                "Correct that step, then click Run pipeline again."), cancellationToken, isEdit: false);
    }

    private async Task SaveAsync(IReadOnlyList<PipelineStepRecord> steps, CancellationToken cancellationToken)
    {
        if (Target is not { } target)
        {
            return;
        }
        var (datasetId, request) = (DatasetId, ++_newest);
        (Steps, Problem, _writes) = (steps, null, _writes + 1);
        try
        {
            var saved = await WriteAsync(() => pipelines.SavePipelineAsync(datasetId, new SavePipelineRequest(target, steps), cancellationToken), cancellationToken);
            if ((DatasetId, Target) == (datasetId, target))
            {
                Confirm(saved, show: request == _newest);
            }
        }
        catch (ProblemException problem)
        {
            if (request == _newest)
            {
                (Steps, Problem) = (_confirmed, problem);
            }
        }
        finally
        {
            _writes--;
        }
    }

    /// <summary>Runs <paramref name="write"/> in its turn; a refused edit or reset is counted before the next in line starts.</summary>
    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken, bool isEdit = true)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        catch (ProblemException) when (isEdit)
        {
            _failedWrites++;
            throw;
        }
        finally
        {
            _turn.Release();
        }
    }

    private Task WriteAsync(Func<Task> write, CancellationToken cancellationToken) =>
        WriteAsync(async () => { await write(); return true; }, cancellationToken);

    /// <summary>Records what the Api now holds; the steps shown change only when no newer edit is showing its own.</summary>
    private void Confirm(SavedPipelineRecord saved, bool show)
    {
        (Saved, TargetTask, _confirmed, IsSaved, UpdatedAt, OtherSavedTarget) = (saved, saved.Task, saved.Steps, true, saved.UpdatedAt, null);
        Steps = show ? saved.Steps : Steps;
    }
}
