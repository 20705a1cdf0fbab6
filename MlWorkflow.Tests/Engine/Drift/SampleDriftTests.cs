using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Tests.Engine.Training;

namespace MlWorkflow.Tests.Engine.Drift;

/// <summary>
/// Rows drawn from a sample's own training rows against the reference of those rows: nothing drifts. The same rows with
/// one number column moved by two reference stds and one category column collapsed to one value: exactly those drift.
/// </summary>
public sealed class SampleDriftTests
{
    [Theory]
    [InlineData("titanic.csv", "survived", TargetTasks.Binary)]
    [InlineData("penguins.csv", "species", TargetTasks.Multiclass)]
    public async Task RowsOfTheTrainingDataDoNotDrift(string file, string target, string task)
    {
        var table = await TrainingTestKit.SampleAsync(file, target, task);
        var rows = DriftTestKit.Draw(DriftTestKit.TrainingRows(file, target), 1_000);

        var report = DriftCalculator.Compute(table.InputReference, DriftTestKit.Logged(rows));

        Assert.Equal(DriftReport.Complete, report.Status);
        Assert.Equal(1_000, report.Rows);
        Assert.Equal(table.Encoder.Features.Select(f => f.Name), report.Features.Select(f => f.Name));
        Assert.All(report.Features, f =>
        {
            Assert.NotNull(f.Distance);
            Assert.True(f.Distance < f.Threshold, $"{f.Name}: {f.Metric} {f.Distance}");
            Assert.True(f.Psi < report.Settings.PsiModerate, $"{f.Name}: PSI {f.Psi}");
            Assert.True(Math.Abs(f.CurrentMissingRate - f.ReferenceMissingRate) < 0.05, $"{f.Name}: missing {f.CurrentMissingRate} vs {f.ReferenceMissingRate}");
            Assert.False(f.Drifted);
        });
        Assert.False(report.DatasetDrift);
        Assert.Empty(report.Alerts());
    }

    [Theory]
    [InlineData("titanic.csv", "survived", TargetTasks.Binary, "age", "sex", "male")]
    [InlineData("penguins.csv", "species", TargetTasks.Multiclass, "body_mass_g", "island", "Biscoe")]
    public async Task AShiftedAndACollapsedColumnDrift(string file, string target, string task, string number, string category, string only)
    {
        var table = await TrainingTestKit.SampleAsync(file, target, task);
        var rows = DriftTestKit.Draw(DriftTestKit.TrainingRows(file, target), 1_000);
        DriftTestKit.Shift(rows, number, 2 * DriftTestKit.Feature(table.InputReference, number).Number!.Std);
        DriftTestKit.SetAll(rows, category, only);

        var report = DriftCalculator.Compute(table.InputReference, DriftTestKit.Logged(rows));
        var alerts = report.Alerts();

        string[] expected = [.. new[] { number, category }.Order(StringComparer.Ordinal)];
        Assert.Equal(expected, report.Features.Where(f => f.Drifted).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(expected, alerts.Where(a => a.Feature is not null).Select(a => a.Feature!).Distinct().Order(StringComparer.Ordinal));
        var shifted = report.Features.Single(f => f.Name == number);
        Assert.Equal(DriftMetrics.Wasserstein, shifted.Metric);
        Assert.InRange(shifted.Distance!.Value, 1.9, 2.1);
        Assert.Contains(alerts, a => a is { Metric: DriftMetrics.Wasserstein, Severity: DriftAlert.Warning } && a.Feature == number);
        Assert.Contains(alerts, a => a is { Metric: DriftMetrics.Psi, Severity: DriftAlert.High } && a.Feature == number);
        var collapsed = report.Features.Single(f => f.Name == category);
        Assert.Equal(DriftMetrics.JensenShannon, collapsed.Metric);
        Assert.Equal(1.0, collapsed.Histogram!.Current[collapsed.Histogram.Labels!.ToList().IndexOf(only)]);
        Assert.Contains(alerts, a => a is { Metric: DriftMetrics.JensenShannon, Value: >= 0.1, Threshold: 0.1 } && a.Feature == category);
        Assert.DoesNotContain(alerts, a => a.Metric == DriftMetrics.MissingRate);

        // The dataset rule on its own: it drifts exactly when the drifted share reaches the setting.
        var share = 2.0 / report.Features.Count;
        Assert.Equal(share, report.DriftedShare, 9);
        foreach (var setting in new[] { share - 0.01, share, share + 0.01 })
        {
            var judged = DriftCalculator.Compute(table.InputReference, DriftTestKit.Logged(rows), new DriftSettings { DatasetDriftShare = setting });
            Assert.Equal(setting <= share, judged.DatasetDrift);
            Assert.Equal(setting <= share, judged.Alerts().Any(a => a is { Metric: DriftMetrics.DatasetDrift, Feature: null, Severity: DriftAlert.High }));
        }
        Assert.Equal(share >= 0.5, report.DatasetDrift);
    }
}
