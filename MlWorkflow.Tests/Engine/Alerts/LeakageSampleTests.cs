using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Alerts;

/// <summary>
/// Titanic with an extra column `rescued`: `survived` copied with 1% of the values flipped (seeded). The association
/// is the profiler's own (Cramér's V on its correlation sample, which holds every row of a file this small).
/// </summary>
public sealed class LeakageSampleTests
{
    [Fact]
    public async Task EvaluateNoisyCopyOfTheTargetFlagsAndSuggestsDroppingIt()
    {
        var profile = await NoisyTitanicAsync(flipShare: 0.01);

        var chosen = ProfileAlerts.Evaluate(profile, "survived").Single(alert => alert.Type == AlertTypes.TargetLeakage);
        var guessed = ProfileAlerts.Evaluate(profile).Single(alert => alert.Type == AlertTypes.TargetLeakage);
        var pipeline = PipelineSuggester.Suggest(profile, null);

        Assert.Equal(("rescued", AlertSeverity.Error), (chosen.Column, chosen.Severity));
        Assert.Equal(("rescued", AlertSeverity.Warning), (guessed.Column, guessed.Severity));
        Assert.Equal("survived", pipeline.Target);
        var drop = Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.DropColumns && step.Params["reason"].GetString() == "target_leakage");
        Assert.Equal(["rescued"], drop.Columns);
        Assert.DoesNotContain(pipeline.Steps, step => step.Op == PipelineOps.OneHot && step.Columns.Contains("rescued"));
    }

    [Fact]
    public async Task EvaluateLooselyRelatedColumnIsNotCalledLeakage()
    {
        var profile = await NoisyTitanicAsync(flipShare: 0.2);

        Assert.DoesNotContain(ProfileAlerts.Evaluate(profile, "survived"), alert => alert.Type == AlertTypes.TargetLeakage);
        Assert.DoesNotContain(PipelineSuggester.Suggest(profile, "survived").Steps, step => step.Op == PipelineOps.DropColumns && step.Columns.Contains("rescued"));
    }

    [Fact]
    public async Task EvaluateNoisyCopyOfARegressionTargetIsFlaggedAndDropped()
    {
        // diabetes with `assessment` = target + Gaussian noise of 5% of the target's spread (seeded).
        var random = new Random(3);
        var lines = Encoding.UTF8.GetString(CsvTestFiles.ReadSample("diabetes.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder(lines[0].TrimEnd('\r')).Append(",assessment\n");
        foreach (var line in lines.Skip(1).Select(line => line.TrimEnd('\r')))
        {
            var target = double.Parse(line.Split(',')[^1], CultureInfo.InvariantCulture);
            var noise = 4 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            text.Append(CultureInfo.InvariantCulture, $"{line},{target + noise:0.##}\n");
        }

        var profile = await ProfileTestKit.ProfileAsync(text.ToString());

        var leak = ProfileAlerts.Evaluate(profile, "target").Single(alert => alert.Type == AlertTypes.TargetLeakage);
        Assert.Equal(("assessment", AlertSeverity.Error), (leak.Column, leak.Severity));
        var pipeline = PipelineSuggester.Suggest(profile, null);
        Assert.Equal("target", pipeline.Target);
        Assert.Equal(["assessment"], Assert.Single(pipeline.Steps, step => step.Op == PipelineOps.DropColumns && step.Params["reason"].GetString() == "target_leakage").Columns);
    }

    private static async Task<DatasetProfile> NoisyTitanicAsync(double flipShare)
    {
        var profile = await ProfileTestKit.ProfileAsync(WithNoisyCopy(CsvTestFiles.ReadSample("titanic.csv"), flipShare, seed: 42));
        Assert.Contains("rescued", profile.Correlations!.Columns);
        Assert.Contains("survived", profile.Correlations.Columns);
        return profile;
    }

    private static byte[] WithNoisyCopy(byte[] original, double flipShare, int seed)
    {
        var random = new Random(seed);
        var lines = Encoding.UTF8.GetString(original).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(lines[0].Split(','), "survived");
        var text = new StringBuilder(lines[0].TrimEnd('\r')).Append(",rescued\n");
        foreach (var line in lines.Skip(1))
        {
            var value = line.TrimEnd('\r').Split(',')[column] == "yes";
            var copy = random.NextDouble() < flipShare ? !value : value;
            text.Append(line.TrimEnd('\r')).Append(',').Append(copy ? "yes" : "no").Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
