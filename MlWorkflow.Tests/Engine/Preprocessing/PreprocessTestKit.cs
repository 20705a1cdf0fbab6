using System.Globalization;
using System.Text;
using System.Text.Json;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Preprocessing;

/// <summary>A finished run: the output split into header and rows of cells ("" = missing).</summary>
internal sealed record PreprocessRun(PreprocessResult Result, string[] Header, string[][] Rows, RecordingProgress Progress)
{
    public string[] Column(string name)
    {
        var index = Array.IndexOf(Header, name);
        Assert.True(index >= 0, $"no output column {name} in {string.Join(", ", Header)}");
        return [.. Rows.Select(row => row[index])];
    }

    /// <summary>The output as the file the run wrote (every missing value an empty field).</summary>
    public byte[] Csv() => Encoding.UTF8.GetBytes(string.Join(',', Header) + "\n" + string.Concat(Rows.Select(row => string.Join(',', row) + "\n")));

    public double[] Numbers(string name) => [.. Column(name).Select(cell => cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture))];
}

/// <summary>Runs the preprocessor the way a job does: profile first, the file opened once per read, spills in a folder of the test's own.</summary>
internal static class PreprocessTestKit
{
    /// <summary>
    /// penguins.csv through impute, one_hot (island, sex) and standard_scale, and the training table of the output: a model
    /// whose package must carry a fitted pipeline. <c>Raw</c> is the original file.
    /// </summary>
    public static async Task<(PreprocessRun Run, MlWorkflow.Engine.Training.TrainingTable Table, byte[] Raw)> PenguinsThroughOneHotAsync()
    {
        var bytes = await File.ReadAllBytesAsync(Training.TrainingTestKit.SamplePath("penguins.csv"), TestContext.Current.CancellationToken);
        var run = await RunAsync(bytes, "species", """
            [{"op":"impute","columns":["bill_length_mm","sex"],"params":{"strategy":"most_frequent"}},
             {"op":"one_hot","columns":["island","sex"]},
             {"op":"standard_scale","columns":["bill_length_mm"]}]
            """);
        var table = await Training.TrainingTestKit.LoadAsync(run.Csv(), "species", MlWorkflow.Engine.Targets.TargetTasks.Multiclass);
        return (run, table, bytes);
    }

    public static async Task<PreprocessRun> RunAsync(string csv, string target, string stepsJson) =>
        await RunAsync(Encoding.UTF8.GetBytes(csv), target, stepsJson);

    public static async Task<PreprocessRun> RunAsync(byte[] bytes, string target, string stepsJson)
    {
        var profile = await ProfileTestKit.ProfileAsync(bytes);
        var steps = JsonSerializer.Deserialize<List<PipelineDraftStep>>(stepsJson, JsonSerializerOptions.Web)!;
        return await RunAsync(bytes, profile, new PipelineDraft(target, [.. steps.Select((step, i) => step with { Id = step.Id ?? $"s{i}" })]));
    }

    public static async Task<PreprocessRun> RunAsync(byte[] bytes, DatasetProfile profile, PipelineDraft draft)
    {
        var validator = new PipelineValidator([.. profile.Columns.Select(c => c.Name)], profile);
        var pipeline = validator.Validate(draft);
        Assert.True(pipeline is not null, JsonSerializer.Serialize(validator.Errors));
        var temp = Directory.CreateTempSubdirectory("mlworkflow-pre-test-");
        try
        {
            var progress = new RecordingProgress();
            using var output = new MemoryStream();
            var result = await new Preprocessor(pipeline, profile, new PreprocessOptions(temp.FullName)).RunAsync(
                _ => Task.FromResult<Stream>(new SmallReadStream(bytes, 7_001)), CsvTestFiles.Inspect(bytes).Dialect, bytes.Length,
                output, progress, TestContext.Current.CancellationToken);
            Assert.Empty(temp.EnumerateFiles());
            var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
            Assert.Equal("", lines[^1]);
            return new PreprocessRun(result, lines[0].Split(','), [.. lines[1..^1].Select(line => line.Split(','))], progress);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>A CSV with the given columns, one value list per column, rows in order.</summary>
    public static string Table(params (string Name, string[] Values)[] columns) =>
        string.Join(',', columns.Select(c => c.Name)) + "\n"
        + string.Concat(Enumerable.Range(0, columns[0].Values.Length).Select(row => string.Join(',', columns.Select(c => c.Values[row])) + "\n"));

    /// <summary>numpy's 'linear' quantile, computed the plain way: sort, then interpolate between neighbours.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var h = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
