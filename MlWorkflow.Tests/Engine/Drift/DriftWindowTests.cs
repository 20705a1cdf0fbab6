using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Drift;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Training;

namespace MlWorkflow.Tests.Engine.Drift;

/// <summary>How a window reads logged cells (missing, invalid, booleans, JSON), the minimum of rows, the predictions' drift and the settings.</summary>
public sealed class DriftWindowTests
{
    private static readonly ReferenceSummary s_reference = new(100,
        [
            new FeatureReference("x", FeatureSpec.Number, 0.1, Number: new NumberReference(90, [0, 1, 2], [45, 45],
                [.. NumberReference.QuantileLevels.Select(q => 2 * q)], 1, 0.58, 0, 2, 90)),
            new FeatureReference("flag", FeatureSpec.Boolean, 0, Category: new CategoryReference(["false", "true"], [50, 50], 0)),
        ],
        new FeatureReference(ReferenceSummary.PredictionName, FeatureSpec.Category, 0, Category: new CategoryReference(["no", "yes"], [60, 40], 0)),
        ["NA"]);

    [Fact]
    public async Task FewerRowsThanTheMinimumRaiseNoAlert()
    {
        var table = await TrainingTestKit.SampleAsync("titanic.csv", "survived", TargetTasks.Binary);
        var rows = DriftTestKit.Draw(DriftTestKit.TrainingRows("titanic.csv", "survived"), 100);
        DriftTestKit.SetAll(rows, "sex", "male");
        DriftTestKit.SetAll(rows, "age", "90");

        var few = DriftCalculator.Compute(table.InputReference, DriftTestKit.Logged(rows.Take(99)));
        var enough = DriftCalculator.Compute(table.InputReference, DriftTestKit.Logged(rows));

        Assert.Equal(DriftReport.NotEnoughRows, few.Status);
        Assert.Contains("Not enough rows: 99 logged", few.Message);
        Assert.Empty(few.Alerts());
        Assert.All(few.Features, f => Assert.False(f.Drifted || f.MissingRateDrifted));
        Assert.False(few.DatasetDrift);
        Assert.True(few.Features.Single(f => f.Name == "age").Distance > 1, "the statistics are still shown");
        Assert.Equal(DriftReport.Complete, enough.Status);
        Assert.Contains(enough.Alerts(), a => a.Feature == "age");
        Assert.Contains(enough.Alerts(), a => a.Feature == "sex");
    }

    [Fact]
    public void UnreadableNumbersCountAsInvalidAndMissing()
    {
        var rows = Rows(200, i => (i % 10) switch
        {
            < 6 => "1.5",
            6 => "abc",
            7 => i % 20 == 7 ? "1,5" : "abc",
            8 => i % 20 == 8 ? null : "NA",
            _ => " ",
        });
        // A row with no "x" at all is missing too.
        rows.Add(new LoggedRow(new Dictionary<string, string?>(), null));

        var report = DriftCalculator.Compute(s_reference, rows);
        var x = report.Features.Single(f => f.Name == "x");

        Assert.Equal(201, x.Rows);
        Assert.Equal(41, x.Missing);
        Assert.Equal(40, x.Invalid);
        Assert.Equal(["abc", "1,5"], x.InvalidExamples);
        Assert.Equal(81 / 201.0, x.CurrentMissingRate, 12);
        Assert.True(x.MissingRateDrifted);
        Assert.Equal(1.5, x.CurrentMean);
        Assert.Contains(report.Alerts(), a => a is { Feature: "x", Metric: DriftMetrics.MissingRate, Severity: DriftAlert.Warning, Threshold: 0.1 }
            && Math.Abs(a.Value - ((81 / 201.0) - 0.1)) < 1e-12);
    }

    [Fact]
    public void BooleansReadAsTheModelReadsThem()
    {
        string?[] cells = ["yes", "1", "T", "true", "no", "0", "f", "FALSE", "maybe", "NA"];

        var flag = DriftCalculator.Compute(s_reference, Rows(100, i => cells[i % 10], "flag")).Features.Single(f => f.Name == "flag");

        Assert.Equal(10, flag.Invalid);
        Assert.Equal(["maybe"], flag.InvalidExamples);
        Assert.Equal(10, flag.Missing);
        Assert.Equal([0.5, 0.5], flag.Histogram!.Current);
        Assert.Equal(0, flag.Distance!.Value, 12);
    }

    [Fact]
    public void LoggedJsonScalarsReadAsCells()
    {
        using var json = JsonDocument.Parse("""{"x": 2.5e0, "flag": true, "name": "Ann", "gone": null, "odd": {"a": 1}}""");

        var row = LoggedRow.FromJson(json.RootElement, new ModelPrediction("yes", null, null));

        Assert.Equal("2.5e0", row.Inputs["x"]);
        Assert.Equal("true", row.Inputs["flag"]);
        Assert.Equal("Ann", row.Inputs["name"]);
        Assert.Null(row.Inputs["gone"]);
        Assert.Equal("""{"a": 1}""", row.Inputs["odd"]);
        using var array = JsonDocument.Parse("[1]");
        Assert.Throws<ArgumentException>(() => LoggedRow.FromJson(array.RootElement, null));
    }

    [Fact]
    public void PredictionsOfAnotherShareDrift()
    {
        var rows = Enumerable.Range(0, 200).Select(i => new LoggedRow(new Dictionary<string, string?> { ["x"] = "1", ["flag"] = "true" },
            new ModelPrediction(i % 10 == 0 ? "no" : "yes", null, null)));

        var report = DriftCalculator.Compute(s_reference, rows);

        Assert.True(report.Prediction!.Drifted);
        Assert.Equal([0.1, 0.9], report.Prediction.Histogram!.Current);
        Assert.Contains(report.Alerts(), a => a is { Feature: null, Metric: DriftMetrics.Prediction, Severity: DriftAlert.High }
            && a.Value == report.Prediction.Distance);
    }

    [Fact]
    public void RegressionPredictionsCompareAsNumbers()
    {
        var sketch = new NumberSketch();
        for (var i = 0; i < 1_000; i++)
        {
            sketch.Add(i % 100);
        }
        var reference = new ReferenceSummary(1_000, [], sketch.Build(ReferenceSummary.PredictionName));
        LoggedRow Row(double value) => new(new Dictionary<string, string?>(), new ModelPrediction(null, null, value));

        var same = DriftCalculator.Compute(reference, Enumerable.Range(0, 500).Select(i => Row(i % 100)));
        var higher = DriftCalculator.Compute(reference, Enumerable.Range(0, 500).Select(i => Row((i % 100) + 10)));

        Assert.False(same.Prediction!.Drifted);
        Assert.Equal(DriftMetrics.Wasserstein, higher.Prediction!.Metric);
        Assert.Equal(10 / sketch.Build("p").Number!.Std, higher.Prediction.Distance!.Value, 2);
        Assert.Equal([DriftMetrics.Prediction], higher.Alerts().Select(a => a.Metric));
    }

    [Fact]
    public void SettingsOutOfRangeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftCalculator.Compute(s_reference, [], new DriftSettings { DatasetDriftShare = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftCalculator.Compute(s_reference, [], new DriftSettings { PsiHigh = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftCalculator.Compute(s_reference, [], new DriftSettings { MinRows = 0 }));
    }

    [Fact]
    public void ReportAndReferenceRoundTripAsJson()
    {
        var report = DriftCalculator.Compute(s_reference, Rows(150, i => (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var json = JsonSerializer.Serialize(report, EngineJson.Options);
        var back = JsonSerializer.Deserialize<DriftReport>(json, EngineJson.Options)!;
        var reference = JsonSerializer.Deserialize<ReferenceSummary>(JsonSerializer.Serialize(s_reference, EngineJson.Options), EngineJson.Options)!;

        Assert.Contains("\"psiLevel\":", json);
        Assert.Equal(report.Features.Select(f => (f.Name, f.Distance, f.Psi)), back.Features.Select(f => (f.Name, f.Distance, f.Psi)));
        Assert.Equal(report.Features[0].Histogram!.Current, back.Features[0].Histogram!.Current);
        Assert.Equal(s_reference.Features[0].Number!.Quantiles, reference.Features[0].Number!.Quantiles);
        Assert.Equal(s_reference.Prediction!.Category!.Categories, reference.Prediction!.Category!.Categories);
        Assert.Equal(report.Features.Select(f => f.Distance), DriftCalculator.Compute(reference, Rows(150, i => (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Features.Select(f => f.Distance));
    }

    private static List<LoggedRow> Rows(int count, Func<int, string?> cell, string column = "x") =>
        [.. Enumerable.Range(0, count).Select(i => new LoggedRow(new Dictionary<string, string?> { [column] = cell(i) }, null))];
}
