using System.Globalization;
using System.Reflection;
using MlWorkflow.Api.Pipelines;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Api.Training;

/// <summary>
/// Checks what a training request asks for, collecting every error keyed by its field (<c>target</c>, <c>task</c>,
/// <c>algorithms[1]</c>, <c>steps[2].params.strategy</c>…), each saying what is wrong and how to fix it. The checks that
/// need no dataset (<see cref="Limits"/>) run first, so a request with a bad budget fails before any database read.
/// </summary>
public sealed class TrainingChecks
{
    public const double MinBudgetSeconds = 5;
    public const double MaxBudgetSeconds = 86_400;
    public const double DefaultBudgetSeconds = 60;
    public const int MaxTrials = 10_000;
    public const int MaxNameLength = 200;

    public const string UseSavedPipelineKey = "useSavedPipeline";

    private static readonly string[] s_tasks = [TargetTasks.Binary, TargetTasks.Multiclass, TargetTasks.Regression];

    private static readonly HashSet<string> s_trainers = [.. typeof(MlNetTrainers).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!)];

    private readonly Dictionary<string, List<string>> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void Limits(double? timeBudgetSeconds, int? maxTrials, string? name)
    {
        if (timeBudgetSeconds is { } budget && budget is < MinBudgetSeconds or > MaxBudgetSeconds)
        {
            Add("timeBudgetSeconds", Invariant($"{budget} s is outside {MinBudgetSeconds} to {MaxBudgetSeconds:N0} s (24 hours); send a budget in that range, or leave it out for {DefaultBudgetSeconds} s."));
        }
        if (maxTrials is { } trials && trials is < 1 or > MaxTrials)
        {
            Add("maxTrials", Invariant($"{trials} is outside 1 to {MaxTrials:N0}; send a number of trials in that range, or leave it out to stop on the budget alone."));
        }
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
        {
            Add("name", $"'name' must have 1 to {MaxNameLength} characters (not only spaces); leave it out for '{{dataset}}-{{target}}'.");
        }
    }

    /// <summary>
    /// GET /api/train/plan's <c>useSavedPipeline</c>: true or false in any case; left out or empty, false. Read by hand so a
    /// wrong value gets an error that names it.
    /// </summary>
    public bool UseSavedPipeline(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var shown = value.Length <= 100 ? value : value[..100] + "…";
        Add(UseSavedPipelineKey, $"'{shown}' is not true or false; send useSavedPipeline=true to plan with the dataset's saved pipeline, or leave it out to plan on the columns as they are.");
        return false;
    }

    /// <summary>
    /// The saved pipeline's steps for <paramref name="target"/>, checked as POST /api/train checks its steps (errors keyed
    /// <c>savedPipeline.steps[2].columns</c>, by the saved pipeline's own indices); disabled steps are kept and do not run.
    /// </summary>
    /// <param name="dataset">The dataset the pipeline was saved with.</param>
    /// <param name="target">The target planned for.</param>
    /// <param name="saved">The saved pipeline; null when there is none.</param>
    public IReadOnlyList<PipelineStepSpec> SavedSteps(TrainingDataset dataset, string target, PipelineDefinition? saved)
    {
        if (saved is null)
        {
            Add(UseSavedPipelineKey, $"Dataset {dataset.Id} has no saved pipeline; save one (PUT /api/datasets/{dataset.Id}/pipeline), or leave useSavedPipeline out to plan on the columns as they are.");
            return [];
        }
        if (saved.Target != target)
        {
            Add(UseSavedPipelineKey, $"The saved pipeline is for '{saved.Target}', not '{target}'; plan with target={saved.Target}, or leave useSavedPipeline out to plan on the columns as they are.");
            return [];
        }
        return Steps(dataset.Profile, dataset.Columns, target, SavedPipelines.Draft(saved.Steps), "savedPipeline.");
    }

    /// <summary>The target column and the task to train for: <paramref name="task"/>, else the target's inferred one.</summary>
    public (ColumnProfile Column, string Task)? Target(DatasetProfile profile, IReadOnlyList<string> columns, string? target, string? task)
    {
        if (string.IsNullOrEmpty(target))
        {
            Add("target", "'target' is missing: name the column to predict (the profile's 'targetCandidates' lists the likely ones).");
            return null;
        }
        if (profile.Columns.FirstOrDefault(c => c.Name == target) is not { } column || !columns.Contains(target))
        {
            Add("target", $"'{target}' is not a column of this dataset; use one of {PipelineValidator.ListColumns(columns)}.");
            return null;
        }
        var inferred = profile.TargetCandidates.FirstOrDefault(c => c.Column == target)?.Task ?? TargetDetector.TaskFor(column);
        if (column.Distinct == 0)
        {
            Add("target", $"'{target}' has no value in any row: there is nothing to learn from; choose another target.");
            return null;
        }
        if (column.Distinct == 1)
        {
            var value = column.TopValues is [{ } only, ..] ? $" ('{only.Value}')" : "";
            Add("target", $"'{target}' has a single class{value} in the rows that have a value: there is nothing to tell apart; choose another target.");
            return null;
        }
        if (inferred is null)
        {
            Add("target", column.Type is ColumnType.Categorical
                ? Invariant($"'{target}' has {column.Distinct:N0} classes; a classification target may have at most {TargetDetector.MaxClasses}. Choose another target.")
                : $"'{target}' cannot be a target: it is {TypeName(column)}; choose a categorical, boolean or numeric column.");
            return null;
        }
        if (task is null)
        {
            return (column, inferred);
        }
        if (!s_tasks.Contains(task))
        {
            Add("task", $"'{task}' is not a task; use binary, multiclass or regression, or leave 'task' out for '{target}''s: {inferred}.");
            return null;
        }
        if (Impossible(column, task) is { } why)
        {
            Add("task", $"{why}; leave 'task' out for '{target}''s: {inferred}.");
            return null;
        }
        return (column, task);
    }

    /// <summary><paramref name="metric"/> when it suits the task, else the task's default.</summary>
    public string Metric(string task, string? metric)
    {
        var metrics = TrainingMetrics.For(task);
        if (metric is not null && !metrics.Contains(metric))
        {
            Add("metric", $"'{metric}' is not a {task} metric; use one of {string.Join(", ", metrics)}, or leave 'metric' out for {metrics[0]}.");
        }
        return metric ?? metrics[0];
    }

    /// <summary>The trainers to search: those sent, each one offered for the task; without any, all the recommended ones.</summary>
    public IReadOnlyList<string> Algorithms(DatasetProfile profile, string target, string task, IReadOnlyList<string?>? algorithms)
    {
        var offered = ModelRecommender.Recommend(profile, target, task).Models.Select(m => m.Algorithm).ToList();
        if (algorithms is null)
        {
            return offered;
        }
        var list = string.Join(", ", offered);
        if (algorithms.Count == 0)
        {
            Add("algorithms", $"The list is empty; send at least one of {list}, or leave 'algorithms' out for all of them.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < algorithms.Count; i++)
        {
            var algorithm = algorithms[i];
            var key = $"algorithms[{i}]";
            if (algorithm is null || !s_trainers.Contains(algorithm))
            {
                Add(key, $"{(algorithm is null ? "null" : $"'{algorithm}'")} is not a trainer; use one of {list} (names are case-sensitive).");
            }
            else if (!offered.Contains(algorithm))
            {
                Add(key, $"{algorithm} does not train a {task} target like '{target}'; use one of {list}.");
            }
            else if (!seen.Add(algorithm))
            {
                Add(key, $"{algorithm} is listed twice; list each trainer once.");
            }
        }
        return [.. seen];
    }

    /// <summary>The steps checked as run_pipeline checks them (errors keyed like <c>steps[2].params.x</c>, after <paramref name="prefix"/>); none sent → [].</summary>
    public IReadOnlyList<PipelineStepSpec> Steps(DatasetProfile profile, IReadOnlyList<string> columns, string target, IReadOnlyList<PipelineDraftStep?>? steps,
        string prefix = "")
    {
        if (steps is not { Count: > 0 })
        {
            return [];
        }
        var validator = new PipelineValidator(columns, profile);
        if (validator.Validate(new PipelineDraft(target, steps)) is { } pipeline)
        {
            return pipeline.Steps;
        }
        foreach (var (key, messages) in validator.Errors)
        {
            foreach (var message in messages)
            {
                Add(prefix + key, message);
            }
        }
        return [];
    }

    private static string? Impossible(ColumnProfile column, string task)
    {
        var numeric = column.Type is ColumnType.Numeric or ColumnType.Integer;
        var classes = Invariant($"{column.Distinct:N0}");
        return task switch
        {
            TargetTasks.Regression when !numeric =>
                $"'{column.Name}' is {TypeName(column)}: regression predicts a number; use {(column.Distinct == 2 ? "binary" : "multiclass")} classification",
            TargetTasks.Binary when column.Distinct != 2 =>
                $"binary needs exactly 2 classes and '{column.Name}' has {classes}; use {(numeric && column.Distinct > TargetDetector.MaxClasses ? "regression" : "multiclass")}",
            TargetTasks.Multiclass when column.Distinct == 2 => $"'{column.Name}' has 2 classes: that is a binary task; use binary",
            TargetTasks.Multiclass when column.Distinct > TargetDetector.MaxClasses =>
                $"'{column.Name}' has {classes} distinct values; multiclass takes at most {TargetDetector.MaxClasses}; use {(numeric ? "regression" : "another target")}",
            _ => null,
        };
    }

    private static string TypeName(ColumnProfile column) => column.Type.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Add(string key, string message)
    {
        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }
        list.Add(message);
    }
}
