using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Alerts;

/// <summary>Turns a profile into data-quality alerts, errors first (thresholds in <see cref="AlertThresholds"/>).</summary>
public static class ProfileAlerts
{
    /// <param name="profile">The dataset's profile; its <see cref="DatasetProfile.Correlations"/> are used when present.</param>
    /// <param name="target">The chosen target, or null: leakage is then checked against the best target candidate.</param>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a column of the profile.</exception>
    public static IReadOnlyList<ProfileAlert> Evaluate(DatasetProfile profile, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (target is not null && profile.Columns.All(column => column.Name != target))
        {
            throw new ArgumentException(
                $"The target '{target}' is not a column of this dataset; choose one of: {string.Join(", ", profile.Columns.Select(column => column.Name))}.",
                nameof(target));
        }
        var alerts = new List<ProfileAlert>();
        DatasetAlerts.Add(profile, alerts);
        foreach (var column in profile.Columns)
        {
            ColumnAlerts.Add(profile, column, column.Name == target, alerts);
            DistributionAlerts.Add(profile, column, column.Name == target, alerts);
            ValueAlerts.Add(profile, column, alerts);
        }
        CorrelationAlerts.Add(profile, target, alerts);
        var order = profile.Columns.Select((column, index) => (column.Name, index)).ToDictionary(entry => entry.Name, entry => entry.index);
        return alerts
            .OrderBy(alert => AlertSeverity.Rank(alert.Severity))
            .ThenBy(alert => alert.Column is null ? -1 : order[alert.Column])
            .ThenBy(alert => alert.Type, StringComparer.Ordinal)
            .ToList();
    }
}
