using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>Loads a CSV for training as the train job does: profile first, then the table by the profile's types.</summary>
internal static class TrainingTestKit
{
    public static string SamplePath(string fileName) => Path.Combine(AppContext.BaseDirectory, "samples", fileName);

    public static async Task<TrainingTable> SampleAsync(string fileName, string target, string task) =>
        await LoadAsync(await File.ReadAllBytesAsync(SamplePath(fileName), TestContext.Current.CancellationToken), target, task);

    public static async Task<TrainingTable> LoadAsync(byte[] bytes, string target, string task)
    {
        var profile = await ProfileTestKit.ProfileAsync(bytes);
        return await LoadAsync(bytes, profile, target, task);
    }

    public static async Task<TrainingTable> LoadAsync(byte[] bytes, DatasetProfile profile, string target, string task) =>
        await TrainingTable.LoadAsync(new MemoryStream(bytes), CsvTestFiles.Inspect(bytes).Dialect,
            [.. profile.Columns.Select(c => new TableColumn(c.Name, c.Type))], target, task, profile.MissingTokens, null, TestContext.Current.CancellationToken);

    public static Task<(SearchResult Result, RecordingProgress Progress)> SearchAsync(TrainingTable table, TrainingRequest request) =>
        SearchUntilAsync(table, request, CancellationToken.None);

    /// <summary>A search that <paramref name="stop"/> ends early, keeping the best.</summary>
    public static async Task<(SearchResult Result, RecordingProgress Progress)> SearchUntilAsync(TrainingTable table, TrainingRequest request, CancellationToken stop)
    {
        var progress = new RecordingProgress();
        var result = await new ModelSearch(table, request).RunAsync(progress, null, stop, TestContext.Current.CancellationToken);
        return (result, progress);
    }

    public static TrainingRequest Request(TrainingTable table, IReadOnlyList<string>? algorithms = null, int maxTrials = 6, double budget = 600, int seed = 0) =>
        new(table.Target, table.Task, TrainingMetrics.Default(table.Task), algorithms ?? TrainerSpec.For(table.Task), budget, maxTrials, seed);

    /// <summary>The rows of a small CSV (quoted cells with commas allowed, no quotes inside cells) as cells by column name.</summary>
    public static List<IReadOnlyDictionary<string, string?>> CsvRows(byte[] bytes)
    {
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = SplitQuoted(lines[0].TrimEnd('\r'));
        return [.. lines.Skip(1).Select(line => SplitQuoted(line.TrimEnd('\r')))
            .Select(cells => (IReadOnlyDictionary<string, string?>)header.Select((name, i) => (name, cell: (string?)cells[i]))
                .ToDictionary(p => p.name, p => p.cell, StringComparer.Ordinal))];
    }

    private static List<string> SplitQuoted(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
