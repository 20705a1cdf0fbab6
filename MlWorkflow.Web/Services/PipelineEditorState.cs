namespace MlWorkflow.Web.Services;

/// <summary>
/// The pipeline being edited for one dataset and target: the saved pipeline when one is saved for that target,
/// else the suggestion. Every change is saved at once (PUT); a failed save restores the last saved steps.
/// </summary>
public sealed class PipelineEditorState(MlWorkflowApiClient api)
{
    public Guid DatasetId { get; private set; }

    public string? Target { get; private set; }

    /// <summary>"binary", "multiclass" or "regression".</summary>
    public string? TargetTask { get; private set; }

    public IReadOnlyList<PipelineStepRecord> Steps { get; private set; } = [];

    /// <summary>True when <see cref="Steps"/> are the user's saved pipeline, false when they are the suggestion.</summary>
    public bool IsSaved { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The target of the pipeline saved for another target (a dataset keeps one): an edit here replaces it.</summary>
    public string? OtherSavedTarget { get; private set; }

    public bool IsLoading { get; private set; }

    public bool IsSaving { get; private set; }

    public ProblemException? Problem { get; private set; }

    public async Task LoadAsync(Guid datasetId, string target, CancellationToken cancellationToken)
    {
        (DatasetId, Target, IsLoading, Problem) = (datasetId, target, true, null);
        try
        {
            var saved = await api.GetSavedPipelineAsync(datasetId, cancellationToken);
            OtherSavedTarget = saved is not null && saved.Target != target ? saved.Target : null;
            if (saved is not null && saved.Target == target)
            {
                Show(saved);
                return;
            }
            var suggestion = await api.GetPipelineSuggestionAsync(datasetId, target, cancellationToken);
            (TargetTask, Steps, IsSaved, UpdatedAt) = (suggestion.Task, suggestion.Steps, false, null);
        }
        catch (ProblemException problem)
        {
            (Steps, Problem) = ([], problem);
        }
        finally
        {
            IsLoading = false;
        }
    }

    /// <summary>Replaces the step with the same id and saves the whole pipeline.</summary>
    public Task UpdateStepAsync(PipelineStepRecord step, CancellationToken cancellationToken) =>
        SaveAsync([.. Steps.Select(s => s.Id == step.Id ? step : s)], cancellationToken);

    /// <summary>Forgets the saved pipeline (DELETE) and shows the suggestion again.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        if (Target is not { } target)
        {
            return;
        }
        IsSaving = true;
        try
        {
            await api.DeletePipelineAsync(DatasetId, cancellationToken);
        }
        catch (ProblemException problem)
        {
            Problem = problem;
            return;
        }
        finally
        {
            IsSaving = false;
        }
        await LoadAsync(DatasetId, target, cancellationToken);
    }

    private async Task SaveAsync(IReadOnlyList<PipelineStepRecord> steps, CancellationToken cancellationToken)
    {
        if (Target is not { } target)
        {
            return;
        }
        var previous = Steps;
        (Steps, IsSaving, Problem) = (steps, true, null);
        try
        {
            Show(await api.SavePipelineAsync(DatasetId, new SavePipelineRequest(target, steps), cancellationToken));
        }
        catch (ProblemException problem)
        {
            (Steps, Problem) = (previous, problem);
        }
        finally
        {
            IsSaving = false;
        }
    }

    private void Show(SavedPipelineRecord saved) =>
        (TargetTask, Steps, IsSaved, UpdatedAt, OtherSavedTarget) = (saved.Task, saved.Steps, true, saved.UpdatedAt, null);
}
