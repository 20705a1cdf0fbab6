using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// Runs the train job's engine code once per task on a small generated table: one trial of every trainer of the task,
/// the ensemble, importance, packaging, saving, loading and predicting. A process that has just started then has
/// compiled ML.NET's trainers (and loaded LightGbm's native library) before a user's first search, whose first trial
/// would otherwise pay for it (docs/BENCHMARKS.md, "Training warm-up").
/// </summary>
public static class TrainerWarmUp
{
    public const int DefaultRows = 200;

    private const string Target = "target";

    /// <param name="rows">Rows of each generated table.</param>
    /// <param name="cancellationToken">Checked between trials.</param>
    /// <returns>The time it took.</returns>
    /// <exception cref="InvalidOperationException">A trainer failed on the generated data.</exception>
    public static async Task<TimeSpan> RunAsync(int rows = DefaultRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 30);
        var started = Stopwatch.GetTimestamp();
        foreach (var task in (string[])[TargetTasks.Binary, TargetTasks.Multiclass, TargetTasks.Regression])
        {
            await RunTaskAsync(task, rows, cancellationToken);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task RunTaskAsync(string task, int rows, CancellationToken cancellationToken)
    {
        var csv = Csv(task, rows);
        TableColumn[] columns =
        [
            new("x1", ColumnType.Numeric), new("x2", ColumnType.Numeric), new("count", ColumnType.Integer),
            new("colour", ColumnType.Categorical), new("flag", ColumnType.Boolean),
            new(Target, task == TargetTasks.Regression ? ColumnType.Numeric : ColumnType.Categorical),
        ];
        var table = await TrainingTable.LoadAsync(new MemoryStream(csv, writable: false), new CsvDialect(',', CsvDialect.Utf8), columns, Target, task,
            ProfileOptions.Default.MissingTokens, null, cancellationToken);
        var algorithms = TrainerSpec.For(task);
        // One default trial per trainer: the budget never ends the warm-up early, however slow the first compile is.
        var request = new TrainingRequest(Target, task, TrainingMetrics.Default(task), algorithms, TimeBudgetSeconds: 3_600, MaxTrials: algorithms.Count);
        // A holdout fits each trial once: the compiled code is the same as cross-validation's, at a fifth of the work.
        var holdout = new ValidationInfo(ValidationInfo.Holdout, null, 0.25, table.Rows);
        var result = await new ModelSearch(table, request, validation: holdout).RunAsync(SilentProgress.Instance, null, CancellationToken.None, cancellationToken);
        if (result.Trials.FirstOrDefault(t => t.Error is not null) is { } failed)
        {
            // A failing trainer here would fail users' trials too: say so when the worker starts.
            throw new InvalidOperationException($"{failed.Algorithm} failed on the generated {task} table: {failed.Error}");
        }
        var inputs = columns.Where(c => c.Name != Target)
            .Select(c => new InputColumn(c.Name, c.Type, table.Encoder.Features.FirstOrDefault(f => f.Name == c.Name)?.Categories)).ToList();
        var package = ModelPackage.Create(result, table, request, [], inputs, DateTimeOffset.UnixEpoch);
        using var buffer = new MemoryStream();
        package.Save(buffer);
        buffer.Position = 0;
        var loaded = ModelPackage.Load(buffer);
        var sample = Enumerable.Range(0, 8).Select(i => Row(task, i)).ToList();
        loaded.Predict(sample[0]);
        loaded.PredictBatch(sample);
    }

    /// <summary>Features with some signal (so trainers do real work) and a few missing values, seeded.</summary>
    private static byte[] Csv(string task, int rows)
    {
        var text = new StringBuilder("x1,x2,count,colour,flag,target\n");
        for (var i = 0; i < rows; i++)
        {
            var row = Row(task, i);
            text.AppendJoin(',', row.Values).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static Dictionary<string, string?> Row(string task, int i)
    {
        var random = new Random(i);
        var x1 = random.NextDouble() * 10;
        var x2 = random.NextDouble() * 5 - 2;
        var colour = (string[])["red", "green", "blue"];
        var signal = x1 + 2 * x2 + (i % 3);
        string target = task switch
        {
            TargetTasks.Binary => signal > 6 ? "yes" : "no",
            TargetTasks.Multiclass => colour[(int)(signal / 5) % 3],
            // Positive, as Poisson regression requires.
            _ => (10 + signal + random.NextDouble()).ToString("0.###", CultureInfo.InvariantCulture),
        };
        return new()
        {
            ["x1"] = i % 17 == 0 ? "" : x1.ToString("0.###", CultureInfo.InvariantCulture),
            ["x2"] = x2.ToString("0.###", CultureInfo.InvariantCulture),
            ["count"] = (i % 11).ToString(CultureInfo.InvariantCulture),
            ["colour"] = colour[i % 3],
            ["flag"] = i % 2 == 0 ? "true" : "false",
            [Target] = target,
        };
    }
}
