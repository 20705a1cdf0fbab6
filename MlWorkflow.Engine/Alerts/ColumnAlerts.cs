using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;

namespace MlWorkflow.Engine.Alerts;

/// <summary>Alerts from a column's type and counts: empty, constant, identifier, missing, unique, cardinality, lengths, dates.</summary>
internal static class ColumnAlerts
{
    public static void Add(DatasetProfile profile, ColumnProfile column, bool isTarget, List<ProfileAlert> alerts)
    {
        var name = Quote(column.Name);
        var present = column.NonMissing(profile);
        if (profile.RowCount > 0 && present == 0)
        {
            alerts.Add(new(AlertTypes.Empty, column.Name, AlertSeverity.Error, $"{name} is empty: all {profile.RowCount} values are missing. Drop it."));
            return;
        }
        void Alert(string type, string severity, string message) => alerts.Add(new(type, column.Name, severity, message));
        if (column.Missing > 0)
        {
            var share = column.MissingPct / 100;
            var severity = share >= AlertThresholds.MissingErrorShare ? AlertSeverity.Error
                : share >= AlertThresholds.MissingWarningShare || isTarget ? AlertSeverity.Warning : AlertSeverity.Info;
            var advice = isTarget ? "rows without a target cannot train and will be dropped" : "impute them or drop the column";
            Alert(AlertTypes.Missing, severity, $"{name} has {column.Missing} missing values ({Pct(share)}): {advice}.");
        }
        if (column.Type == ColumnType.Constant)
        {
            var value = column.TopValues is [var only, ..] ? $" (\"{only.Value}\")" : "";
            Alert(AlertTypes.Constant, AlertSeverity.Warning, $"{name} has a single value{value} in all {present} non-missing rows: it carries no information. Drop it.");
        }
        if (column.Type == ColumnType.Identifier)
        {
            Alert(AlertTypes.Identifier, AlertSeverity.Warning, $"{name} looks like an identifier ({column.Distinct} distinct values in {present} rows): it names rows rather than describing them, and a model would memorise it. Drop it.");
        }
        else if (!column.DistinctIsEstimate && present >= AlertThresholds.UniqueMinValues && column.Distinct == present
            && column.Type is ColumnType.Categorical or ColumnType.Text or ColumnType.Integer)
        {
            Alert(AlertTypes.Unique, AlertSeverity.Info, $"{name} has a different value in every one of its {present} rows: check it is not a key.");
        }
        if (column.IsString() && column.Distinct > AlertThresholds.HighCardinality)
        {
            var estimate = column.DistinctIsEstimate ? "about " : "";
            Alert(AlertTypes.HighCardinality, column.Type == ColumnType.Categorical ? AlertSeverity.Warning : AlertSeverity.Info,
                $"{name} has {estimate}{column.Distinct} distinct values (more than {AlertThresholds.HighCardinality}): one-hot encoding would make that many columns; use an ordinal code, hashing or text features.");
        }
        if (column.MaxLength > AlertThresholds.UnsupportedMaxLength)
        {
            Alert(AlertTypes.Unsupported, AlertSeverity.Warning, $"{name} holds values up to {column.MaxLength} characters long: documents or blobs are not usable as they are; extract features from them or drop the column.");
        }
        if (column.IsString() && column.MinLength is { } length && length == column.MaxLength && column.Distinct >= AlertThresholds.ConstantLengthMinDistinct)
        {
            Alert(AlertTypes.ConstantLength, AlertSeverity.Info, $"{name}: every value is {length} characters long; it is probably a code (postal code, SKU, hash) rather than a word.");
        }
        if (column.Type == ColumnType.Datetime)
        {
            var parts = column.UsefulDateParts();
            var evidence = column.DatePartsEvidence();
            var advice = parts.Count == 0 ? "no calendar part varies, so it says little as a feature"
                : $"split it into {string.Join(", ", parts.Select(part => part.Replace('_', ' ')))} for training";
            Alert(AlertTypes.Date, AlertSeverity.Info, $"{name} holds dates from {column.MinDate} to {column.MaxDate}{(evidence.Length == 0 ? "" : $"; {evidence}")}: {advice}.");
        }
    }
}
