using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;
using static MlWorkflow.Engine.Suggestions.StepFactory;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>Rows and columns to remove before anything is learned.</summary>
internal static class CleaningSteps
{
    /// <summary>Feature columns missing in at least this share of rows are dropped rather than imputed.</summary>
    public const double DropMissingShare = 0.6;

    /// <returns>The names of the dropped columns.</returns>
    public static HashSet<string> Add(DatasetProfile profile, ColumnProfile? target, List<PipelineStep> steps)
    {
        if (profile.DuplicateRows > 0)
        {
            var share = (double)profile.DuplicateRows / profile.RowCount;
            steps.Add(Step(PipelineOps.DropDuplicates, [], profile.DuplicateRowsIsEstimate ? 0.6 : 0.8,
                $"{Rows(profile.DuplicateRows)} ({Pct(share)}) {(profile.DuplicateRows == 1 ? "repeats" : "repeat")} an earlier row exactly: keep the first of each so no row weighs twice or sits in both train and test.",
                ("keep", "first")));
        }
        if (target is { Missing: > 0 })
        {
            steps.Add(Step(PipelineOps.DropMissingTarget, [target.Name], 0.95,
                $"The target {Quote(target.Name)} is missing in {target.Missing} rows ({Pct(target.MissingPct / 100)}): rows without a target cannot train."));
        }
        var features = profile.Columns.Where(column => column != target).ToList();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        void Drop(List<ColumnProfile> columns, string key, double confidence, string reason, Func<ColumnProfile, string> evidence)
        {
            if (columns.Count == 0)
            {
                return;
            }
            steps.Add(Step(PipelineOps.DropColumns, columns.Select(column => column.Name), confidence,
                $"{string.Join("; ", columns.Select(evidence))}: {reason}.", ("reason", key)));
            dropped.UnionWith(columns.Select(column => column.Name));
        }
        Drop(features.Where(column => column.Type == ColumnType.Constant).ToList(), "constant", 0.95, "a single value carries no information",
            column => column.NonMissing(profile) == 0 ? $"{Quote(column.Name)} is empty" : $"{Quote(column.Name)} has one value");
        Drop(features.Where(column => column.Type == ColumnType.Identifier).ToList(), "identifier", 0.9, "identifiers name rows; a model would memorise them",
            column => $"{Quote(column.Name)} is unique in every row ({column.Distinct} values)");
        var leaks = CorrelationAlerts.Leaks(profile, target?.Name).Where(leak => !dropped.Contains(leak.Column)).ToList();
        Drop(leaks.Select(leak => features.First(column => column.Name == leak.Column)).ToList(), "target_leakage", 0.85,
            $"alone it almost determines the target {Quote(target?.Name ?? "")}, a sign of leakage (known only after the outcome)",
            column => $"{Quote(column.Name)} has association {Num(leaks.First(leak => leak.Column == column.Name).Association)}");
        Drop(features.Where(column => !dropped.Contains(column.Name) && column.MissingPct / 100 >= DropMissingShare).ToList(), "mostly_missing", 0.7,
            $"with at least {Pct(DropMissingShare)} missing, imputing would invent most of the column",
            column => $"{Quote(column.Name)} is {Pct(column.MissingPct / 100)} missing");
        return dropped;
    }
}
