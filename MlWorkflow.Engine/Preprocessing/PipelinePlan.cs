using System.Text.Json;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>An enabled step on one column, with its typed parameters.</summary>
internal sealed record ChainStep(PipelineStepSpec Spec, object? Params)
{
    public string Op => Spec.Op;

    /// <summary>Fitting it reads the column's values (a constant fill, log1p, date parts, drop and text do not).</summary>
    public bool NeedsData => Op switch
    {
        PipelineOps.Impute => Params is ImputeParams { Strategy: not ImputeParams.Constant },
        PipelineOps.StandardScale or PipelineOps.MinMaxScale or PipelineOps.RobustScale or PipelineOps.ClipOutliers
            or PipelineOps.OneHot or PipelineOps.OrdinalEncode => true,
        _ => false,
    };
}

/// <summary>The enabled steps of one input column in order; text_features passes the text on and is left out.</summary>
internal sealed class ColumnChain(int index, ColumnProfile profile)
{
    public int Index => index;

    public string Name => profile.Name;

    public ColumnProfile Profile => profile;

    /// <summary>Numeric or integer in the profile: values are read as numbers as soon as a step touches them.</summary>
    public bool IsNumber => profile.IsNumber();

    public List<ChainStep> Steps { get; } = [];

    /// <summary>Values must be read in the fitting pass: some step learns from them or counts missing values.</summary>
    public bool IsRead => Steps.Count > 0 && Steps[0].Op != PipelineOps.DropColumns;

    /// <summary>For number columns: the first step decides how odd values are read.</summary>
    public NumberReader Reader()
    {
        var first = Steps.FirstOrDefault();
        var impute = first?.Params as ImputeParams;
        return new NumberReader(Name, impute?.NonNumericIsMissing == true, impute?.InfiniteIsMissing == true,
            first?.Op is PipelineOps.OneHot or PipelineOps.OrdinalEncode);
    }

    /// <summary>Whether the fitting pass keeps each value in a spill: number columns when a step learns from the values, text
    /// columns when one does after ordinal_encode turned them into codes (text steps before that learn from value counts).</summary>
    public bool NeedsSpill => IsNumber
        ? Steps.Any(step => step.NeedsData)
        : Steps.SkipWhile(step => step.Op != PipelineOps.OrdinalEncode).Skip(1).Any(step => step.NeedsData);

    /// <summary>Text columns: value counts are needed (most_frequent, one_hot or ordinal_encode learn from them).</summary>
    public bool NeedsCounts => !IsNumber && Steps.Any(step => step.NeedsData);
}

/// <summary>A checked pipeline laid out for running: row filters, and each input column's chain of steps.</summary>
internal sealed class PipelinePlan
{
    /// <exception cref="ArgumentException">The pipeline does not pass <see cref="PipelineValidator"/> for this profile.</exception>
    public PipelinePlan(PipelineDefinition pipeline, DatasetProfile profile)
    {
        var validator = new PipelineValidator([.. profile.Columns.Select(c => c.Name)], profile);
        if (validator.Validate(new PipelineDraft(pipeline.Target, [.. pipeline.Steps.Select(s =>
            new PipelineDraftStep(s.Id, s.Op, s.Columns, s.Params, s.Confidence, s.Rationale, s.Enabled))])) is null)
        {
            throw new ArgumentException($"The pipeline does not fit this dataset: {JsonSerializer.Serialize(validator.Errors)}", nameof(pipeline));
        }
        Target = pipeline.Target;
        TargetIndex = profile.Columns.ToList().FindIndex(c => c.Name == pipeline.Target);
        Columns = [.. profile.Columns.Select((column, i) => new ColumnChain(i, column))];
        var byName = Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var step in pipeline.Steps.Where(step => step.Enabled))
        {
            var typed = new ChainStep(step, StepParams.Read(step.Op, step.Params, (_, _) => { }));
            Steps.Add(typed);
            if (PipelineOps.RowOps.Contains(step.Op))
            {
                continue;
            }
            foreach (var column in step.Columns.Where(_ => step.Op != PipelineOps.TextFeatures))
            {
                byName[column].Steps.Add(typed);
            }
        }
    }

    public string Target { get; }

    public int TargetIndex { get; }

    public IReadOnlyList<ColumnChain> Columns { get; }

    /// <summary>The enabled steps in order.</summary>
    public List<ChainStep> Steps { get; } = [];

    public bool DropDuplicates => Steps.Any(step => step.Op == PipelineOps.DropDuplicates);

    public bool DropMissingTarget => Steps.Any(step => step.Op == PipelineOps.DropMissingTarget);
}
