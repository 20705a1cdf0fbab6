using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Targets;

/// <summary>
/// Ranks the columns that could be the target. Each candidate's confidence is a sum of evidence weights
/// (type and cardinality, name, position, missingness), clamped to [<see cref="MinConfidence"/>, <see cref="MaxConfidence"/>];
/// identifiers, constants, free text, dates and mostly-missing columns are never candidates.
/// </summary>
public static class TargetDetector
{
    public const int MaxCandidates = 5;

    /// <summary>Integer columns with at most this many distinct values are read as classes, more as a quantity.</summary>
    public const int MaxIntegerClasses = 10;

    /// <summary>Beyond this many classes a column is not offered as a classification target.</summary>
    public const int MaxClasses = 50;

    /// <summary>Above this many classes a classification target is unusual: the weight <see cref="ManyClassesPenalty"/> applies.</summary>
    public const int UsualMaxClasses = 20;

    /// <summary>Columns missing in at least this share of rows are not offered (too few rows would be left to train on).</summary>
    public const double MaxMissingShare = 0.5;

    public const double MinConfidence = 0.02;
    public const double MaxConfidence = 0.98;

    public const double ClassBaseWeight = 0.30;
    public const double IntegerBaseWeight = 0.15;
    public const double NumericBaseWeight = 0.20;
    public const double LabelNameWeight = 0.45;
    public const double CommonTargetNameWeight = 0.40;
    public const double ContainsTargetWordWeight = 0.25;
    public const double FeatureNamePenalty = 0.20;
    public const double LastColumnWeight = 0.15;
    public const double FirstColumnWeight = 0.05;
    public const double ManyClassesPenalty = 0.15;

    /// <summary>Confidence lost per unit of missing share (20% missing costs 0.1).</summary>
    public const double MissingPenaltyPerShare = 0.5;

    public static IReadOnlyList<TargetCandidate> Detect(DatasetProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var candidates = new List<(TargetCandidate Candidate, int Index)>();
        for (var index = 0; index < profile.Columns.Count; index++)
        {
            if (Score(profile, index) is { } candidate)
            {
                candidates.Add((candidate, index));
            }
        }
        return candidates
            .OrderByDescending(entry => entry.Candidate.Confidence)
            .ThenByDescending(entry => entry.Index)
            .Take(MaxCandidates)
            .Select(entry => entry.Candidate)
            .ToList();
    }

    /// <summary>The task a column would pose as the target, or null when it cannot be one (identifier, constant, text, date).</summary>
    public static string? TaskFor(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Type switch
        {
            ColumnType.Boolean => TargetTasks.Binary,
            ColumnType.Categorical => column.Distinct == 2 ? TargetTasks.Binary : column.Distinct > MaxClasses ? null : TargetTasks.Multiclass,
            ColumnType.Integer when column.Distinct == 2 => TargetTasks.Binary,
            ColumnType.Integer when column.Distinct <= MaxIntegerClasses => TargetTasks.Multiclass,
            ColumnType.Numeric when column.Distinct == 2 => TargetTasks.Binary,
            ColumnType.Integer or ColumnType.Numeric => TargetTasks.Regression,
            _ => null,
        };
    }

    private static TargetCandidate? Score(DatasetProfile profile, int index)
    {
        var column = profile.Columns[index];
        var missingShare = profile.RowCount == 0 ? 1 : (double)column.Missing / profile.RowCount;
        if (TaskFor(column) is not { } task || missingShare >= MaxMissingShare || column.Distinct < 2)
        {
            return null;
        }
        var reasons = new List<string> { TargetRationale.Shape(profile, column, task) };
        var score = task == TargetTasks.Regression
            ? column.Type == ColumnType.Integer ? IntegerBaseWeight : NumericBaseWeight
            : column.Type == ColumnType.Integer && task == TargetTasks.Multiclass ? IntegerBaseWeight : ClassBaseWeight;
        if (task == TargetTasks.Multiclass && column.Distinct > UsualMaxClasses)
        {
            score -= ManyClassesPenalty;
        }
        switch (TargetNames.Judge(column.Name))
        {
            case NameEvidence.Label:
                score += LabelNameWeight;
                reasons.Add("named like a label");
                break;
            case NameEvidence.CommonTarget:
                score += CommonTargetNameWeight;
                reasons.Add("named like a common target");
                break;
            case NameEvidence.ContainsTargetWord:
                score += ContainsTargetWordWeight;
                reasons.Add("its name contains a target word");
                break;
            case NameEvidence.FeatureLike:
                score -= FeatureNamePenalty;
                reasons.Add("but named like an input (a date part or a name)");
                break;
        }
        if (index == profile.Columns.Count - 1)
        {
            score += LastColumnWeight;
            reasons.Add("last column");
        }
        else if (index == 0)
        {
            score += FirstColumnWeight;
            reasons.Add("first column");
        }
        score -= MissingPenaltyPerShare * missingShare;
        reasons.Add(column.Missing == 0
            ? "no missing values"
            : $"{ColumnEvidence.Pct(missingShare)} missing (those rows cannot train)");
        var confidence = Math.Round(Math.Clamp(score, MinConfidence, MaxConfidence), 3);
        return new TargetCandidate(column.Name, task, confidence, string.Join(", ", reasons));
    }
}
