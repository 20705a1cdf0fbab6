using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Checks a pipeline against the dataset's columns and profile and collects every error, keyed like
/// <c>steps[3].columns</c> or <c>steps[2].params.strategy</c>, each saying what is wrong and how to fix it; returns
/// the pipeline to store or run when there is none. Beyond each step's own fields and parameters it checks what the
/// steps do to one another (<see cref="PipelineFlow"/>).
/// </summary>
public sealed class PipelineValidator(IReadOnlyList<string> columns, DatasetProfile profile)
{
    private const int MaxColumnsListed = 20;

    private readonly Dictionary<string, List<string>> _errors = [];
    private readonly HashSet<string> _columns = new(columns, StringComparer.Ordinal);

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <returns>The checked pipeline, or null when <see cref="Errors"/> is not empty.</returns>
    public PipelineDefinition? Validate(PipelineDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var (target, task) = Target(draft.Target);
        if (draft.Steps is not { Count: >= 1 and <= PipelineLimits.MaxSteps } requested)
        {
            Add("steps", draft.Steps is null
                ? "'steps' is missing: send the steps as a list (start from GET /api/suggest/pipeline)."
                : $"{draft.Steps.Count} steps were sent; send between 1 and {PipelineLimits.MaxSteps} (DELETE the pipeline to go back to the suggestion).");
            return null;
        }
        var steps = new List<PipelineStepSpec>();
        var flow = new PipelineFlow(profile, Add);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            if (Step(requested[i], $"steps[{i}]", target, ids, i) is ({ } step, var parameters))
            {
                steps.Add(step);
                flow.Check(step, parameters, $"steps[{i}]");
            }
        }
        return _errors.Count == 0 ? new PipelineDefinition(target!, task!, steps) : null;
    }

    /// <summary>"'a', 'b' and 3 more": the dataset's columns, for messages.</summary>
    public static string ListColumns(IReadOnlyList<string> columns) =>
        string.Join(", ", columns.Take(MaxColumnsListed).Select(c => $"'{c}'"))
        + (columns.Count > MaxColumnsListed ? $" and {columns.Count - MaxColumnsListed} more" : "");

    private (string? Target, string? Task) Target(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            Add("target", "'target' is missing: name the column to predict (the profile's 'targetCandidates' lists the likely ones).");
            return (null, null);
        }
        if (profile.Columns.FirstOrDefault(c => c.Name == target) is not { } column || !_columns.Contains(target))
        {
            Add("target", $"'{target}' is not a column of this dataset; use one of {ListColumns(columns)}.");
            return (null, null);
        }
        var task = profile.TargetCandidates.FirstOrDefault(c => c.Column == target)?.Task ?? TargetDetector.TaskFor(column);
        if (task is null)
        {
            Add("target", $"'{target}' cannot be a target: it is {column.Type.ToString().ToLowerInvariant()}; choose a categorical, boolean or numeric column.");
        }
        return (target, task);
    }

    private (PipelineStepSpec? Step, object? Params) Step(PipelineDraftStep? step, string at, string? target, Dictionary<string, int> ids, int index)
    {
        if (step is null)
        {
            Add(at, "This step is null: send an object with id, op and columns, or remove it from the list.");
            return (null, null);
        }
        var errors = _errors.Count;
        if (string.IsNullOrWhiteSpace(step.Id))
        {
            Add($"{at}.id", "'id' is missing: keep the id from the suggestion, or give the step any unique name.");
        }
        else if (step.Id.Length > PipelineLimits.MaxIdLength)
        {
            Add($"{at}.id", $"'id' has {step.Id.Length} characters; shorten it to at most {PipelineLimits.MaxIdLength}.");
        }
        else if (!ids.TryAdd(step.Id, index))
        {
            Add($"{at}.id", $"'{step.Id}' is already the id of steps[{ids[step.Id]}]; give each step its own id.");
        }
        var op = step.Op is not null && PipelineOps.All.Contains(step.Op) ? step.Op : null;
        if (op is null)
        {
            Add($"{at}.op", $"{(string.IsNullOrEmpty(step.Op) ? "'op' is missing" : $"'{step.Op}' is not an op")}; use one of {string.Join(", ", PipelineOps.All.Order(StringComparer.Ordinal))}.");
        }
        var stepColumns = Columns(step, at, target);
        var parameters = Params(step.Params, at);
        var typed = op is not null && parameters.ValueKind == JsonValueKind.Object
            ? StepParams.Read(op, parameters, (name, message) => Add($"{at}.params.{name}", message))
            : null;
        if (step.Confidence is { } confidence && !(confidence >= 0 && confidence <= 1))
        {
            Add($"{at}.confidence", string.Create(CultureInfo.InvariantCulture, $"{confidence} is outside [0, 1]; send a number from 0 to 1, or leave it out."));
        }
        if (step.Rationale is { Length: > PipelineLimits.MaxRationaleLength })
        {
            Add($"{at}.rationale", $"'rationale' has {step.Rationale.Length} characters; shorten it to at most {PipelineLimits.MaxRationaleLength}.");
        }
        return _errors.Count > errors
            ? (null, null)
            : (new PipelineStepSpec(step.Id!, op!, stepColumns, parameters, step.Confidence, step.Rationale, step.Enabled ?? true), typed);
    }

    private List<string> Columns(PipelineDraftStep step, string at, string? target)
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
                Add(key, $"{(column is null ? "null" : $"'{column}'")} is not a column of this dataset; use one of {ListColumns(columns)}.");
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
        else if (Encoding.UTF8.GetByteCount(parameters.GetRawText()) is var bytes && bytes > PipelineLimits.MaxParamsBytes)
        {
            Add($"{at}.params", string.Create(CultureInfo.InvariantCulture,
                $"'params' takes {bytes:N0} bytes; keep it within {PipelineLimits.MaxParamsBytes:N0} bytes (16 KB)."));
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
