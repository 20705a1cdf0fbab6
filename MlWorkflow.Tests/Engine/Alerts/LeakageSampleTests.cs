using System.Text;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Alerts;

/// <summary>
/// Titanic with an extra column `rescued`: `survived` copied with 1% of the values flipped (seeded). The association
/// comes from the profile when the profiler computes one for the pair, else from Cramér's V computed here from the raw rows.
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

    private static async Task<DatasetProfile> NoisyTitanicAsync(double flipShare)
    {
        var (csv, survived, rescued) = WithNoisyCopy(CsvTestFiles.ReadSample("titanic.csv"), flipShare, seed: 42);
        var profiled = await ProfileTestKit.ProfileAsync(csv);
        var v = CramersV(survived, rescued);
        return profiled.Correlations is { } matrix && matrix.Columns.Contains("rescued") && matrix.Columns.Contains("survived")
            ? profiled
            : profiled with { Correlations = new CorrelationMatrix("cramers_v", ["survived", "rescued"], [[1.0, v], [v, 1.0]]) };
    }

    private static (byte[] Csv, List<bool> Survived, List<bool> Rescued) WithNoisyCopy(byte[] original, double flipShare, int seed)
    {
        var random = new Random(seed);
        var lines = Encoding.UTF8.GetString(original).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(lines[0].Split(','), "survived");
        var (survived, rescued) = (new List<bool>(), new List<bool>());
        var text = new StringBuilder(lines[0].TrimEnd('\r')).Append(",rescued\n");
        foreach (var line in lines.Skip(1))
        {
            var value = line.TrimEnd('\r').Split(',')[column] == "yes";
            var copy = random.NextDouble() < flipShare ? !value : value;
            survived.Add(value);
            rescued.Add(copy);
            text.Append(line.TrimEnd('\r')).Append(',').Append(copy ? "yes" : "no").Append('\n');
        }
        return (Encoding.UTF8.GetBytes(text.ToString()), survived, rescued);
    }

    /// <summary>For two booleans Cramér's V is |phi| of the 2×2 table.</summary>
    private static double CramersV(List<bool> a, List<bool> b)
    {
        double tt = 0, tf = 0, ft = 0, ff = 0;
        for (var i = 0; i < a.Count; i++)
        {
            _ = (a[i], b[i]) switch { (true, true) => tt++, (true, false) => tf++, (false, true) => ft++, _ => ff++ };
        }
        return Math.Abs(tt * ff - tf * ft) / Math.Sqrt((tt + tf) * (ft + ff) * (tt + ft) * (tf + ff));
    }
}
