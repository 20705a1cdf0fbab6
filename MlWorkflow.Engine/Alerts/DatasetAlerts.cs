using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;

namespace MlWorkflow.Engine.Alerts;

/// <summary>Alerts about the whole table: empty, duplicate rows.</summary>
internal static class DatasetAlerts
{
    public static void Add(DatasetProfile profile, List<ProfileAlert> alerts)
    {
        if (profile.RowCount == 0)
        {
            alerts.Add(new(AlertTypes.Empty, null, AlertSeverity.Error, "The dataset has no data rows: upload a file with rows under the header."));
            return;
        }
        if (profile.DuplicateRows > 0)
        {
            var share = (double)profile.DuplicateRows / profile.RowCount;
            var estimate = profile.DuplicateRowsIsEstimate ? "about " : "";
            alerts.Add(new(AlertTypes.Duplicates, null, AlertSeverity.Warning,
                $"{estimate}{Rows(profile.DuplicateRows)} ({Pct(share)}) {(profile.DuplicateRows == 1 ? "repeats" : "repeat")} an earlier row exactly: they weigh twice in training and can leak between the train and test splits; drop them unless repeats are real events."));
        }
    }
}
