using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Api.Suggestions;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Api.Pipelines;

/// <summary>
/// Checks a pipeline against the dataset's columns and profile and collects every error, keyed like
/// <c>steps[3].columns</c>, each saying what is wrong and how to fix it; returns the pipeline to store when there is none.
/// </summary>
public sealed class PipelineValidator(IReadOnlyList<string> columns, DatasetProfile profile)
{
    private readonly Dictionary<string, List<string>> _errors = [];
    private readonly HashSet<string> _columns = new(columns, StringComparer.Ordinal);

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public StoredPipeline? Validate(SavePipelineRequest request)
    {
        var (target, task) = Target(request.Target);
        var steps = new List<SavedPipelineStep>();
        if (request.Steps is not { Count: >= 1 and <= PipelineRules.MaxSteps } requested)
        {
            Add("steps", request.Steps is null
                ? "'steps' is missing: send the steps as a list (start from GET /api/suggest/pipeline)."
                : $"{request.Steps.Count} steps were sent; send between 1 and {PipelineRules.MaxSteps} (DELETE the pipeline to go back to the suggestion).");
            return null;
        }
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            if (Step(requested[i], $"steps[{i}]", target, ids, i) is { } step)
            {
                steps.Add(step);
            }
        }
        return _errors.Count == 0 ? new StoredPipeline(target!, task!, steps) : null;
    }

    private (string? Target, string? Task) Target(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            Add("target", "'target' is missing: name the column to predict (the profile's 'targetCandidates' lists the likely ones).");
            return (null, null);
        }
        if (profile.Columns.FirstOrDefault(c => c.Name == target) is not { } column || !_columns.Contains(target))
        {
            Add("target", $"'{target}' is not a column of this dataset; use one of {SuggestionProblems.ListColumns(columns)}.");
            return (null, null);
        }
        var task = profile.TargetCandidates.FirstOrDefault(c => c.Column == target)?.Task ?? TargetDetector.TaskFor(column);
        if (task is null)
        {
            Add("target", $"'{target}' cannot be a target: it is {column.Type.ToString().ToLowerInvariant()}; choose a categorical, boolean or numeric column.");
        }
        return (target, task);
    }

    private SavedPipelineStep? Step(SavePipelineStepRequest? step, string at, string? target, Dictionary<string, int> ids, int index)
    {
        if (step is null)
        {
            Add(at, "This step is null: send an object with id, op and columns, or remove it from the list.");
            return null;
        }
        var errors = _errors.Count;
        if (string.IsNullOrWhiteSpace(step.Id))
        {
            Add($"{at}.id", "'id' is missing: keep the id from the suggestion, or give the step any unique name.");
        }
        else if (step.Id.Length > PipelineRules.MaxIdLength)
        {
            Add($"{at}.id", $"'id' has {step.Id.Length} characters; shorten it to at most {PipelineRules.MaxIdLength}.");
        }
        else if (!ids.TryAdd(step.Id, index))
        {
            Add($"{at}.id", $"'{step.Id}' is already the id of steps[{ids[step.Id]}]; give each step its own id.");
        }
        if (string.IsNullOrEmpty(step.Op) || !PipelineOps.All.Contains(step.Op))
        {
            Add($"{at}.op", $"{(string.IsNullOrEmpty(step.Op) ? "'op' is missing" : $"'{step.Op}' is not an op")}; use one of {string.Join(", ", PipelineOps.All.Order(StringComparer.Ordinal))}.");
        }
        var stepColumns = Columns(step, at, target);
        var parameters = Params(step.Params, at);
        if (step.Confidence is { } confidence && !(confidence >= 0 && confidence <= 1))
        {
            Add($"{at}.confidence", string.Create(CultureInfo.InvariantCulture, $"{confidence} is outside [0, 1]; send a number from 0 to 1, or leave it out."));
        }
        if (step.Rationale is { Length: > PipelineRules.MaxRationaleLength })
        {
            Add($"{at}.rationale", $"'rationale' has {step.Rationale.Length} characters; shorten it to at most {PipelineRules.MaxRationaleLength}.");
        }
        return _errors.Count > errors
            ? null
            : new SavedPipelineStep(step.Id!, step.Op!, stepColumns, parameters, step.Confidence, step.Rationale, step.Enabled ?? true);
    }

    private List<string> Columns(SavePipelineStepRequest step, string at, string? target)
    {
        var key = $"{at}.columns";
        if (step.Columns is null)
        {
            Add(key, "'columns' is missing: list the columns this step works on ([] for drop_duplicates and drop_missing_target).");
            return [];
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in step.Columns)
        {
            if (column is null || !_columns.Contains(column))
            {
                Add(key, $"{(column is null ? "null" : $"'{column}'")} is not a column of this dataset; use one of {SuggestionProblems.ListColumns(columns)}.");
            }
            else if (!seen.Add(column))
            {
                Add(key, $"'{column}' is listed twice; list each column once.");
            }
        }
        List<string> result = [.. step.Columns.OfType<string>().Distinct(StringComparer.Ordinal)];
        if (step.Op is not { } op)
        {
            return result;
        }
        if (seen.Count == 0 && !PipelineOps.RowOps.Contains(op))
        {
            Add(key, $"A {op} step needs at least one column; list the columns it works on, or remove the step.");
        }
        if (op == PipelineOps.DropMissingTarget)
        {
            if (seen.Any(column => column != target))
            {
                Add(key, $"drop_missing_target works on the target only; send [] or [\"{target}\"].");
            }
        }
        else if (target is not null && seen.Contains(target))
        {
            Add(key, $"'{target}' is the target: a {op} step may not change it (only drop_missing_target names the target); remove it from 'columns'.");
        }
        return result;
    }

    private JsonElement Params(JsonElement? value, string at)
    {
        if (value is not { } parameters || parameters.ValueKind == JsonValueKind.Null)
        {
            return JsonSerializer.SerializeToElement(new Dictionary<string, object>());
        }
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            Add($"{at}.params", $"'params' is a JSON {parameters.ValueKind.ToString().ToLowerInvariant()}; send an object such as {{\"strategy\": \"median\"}}, or {{}}.");
        }
        else if (Encoding.UTF8.GetByteCount(parameters.GetRawText()) is var bytes && bytes > PipelineRules.MaxParamsBytes)
        {
            Add($"{at}.params", string.Create(CultureInfo.InvariantCulture,
                $"'params' takes {bytes:N0} bytes; keep it within {PipelineRules.MaxParamsBytes:N0} bytes (16 KB)."));
        }
        return parameters.Clone();
    }

    private void Add(string key, string message)
    {
        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }
        list.Add(message);
    }
}
