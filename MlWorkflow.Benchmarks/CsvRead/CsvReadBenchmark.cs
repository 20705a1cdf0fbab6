using System.Diagnostics;
using MlWorkflow.Benchmarks.Profile;

namespace MlWorkflow.Benchmarks.CsvRead;

/// <summary>
/// The Engine's CSV reader vs Sylvan.Data.Csv on the profile benchmark's file, in one process, run by run, the order
/// swapped every run. Each reads every field of every row ("visit": length and first character; "parse": the
/// profiler's number parser too), and both must arrive at the same totals. Run 1 includes each reader's JIT. Times are
/// CPU seconds of the process (both readers are single-threaded; on this shared machine wall time is mostly the others' load).
/// </summary>
public static class CsvReadBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var file = await WideCsvGenerator.WriteAsync(options.Rows);
        var megabytes = new FileInfo(file).Length / 1e6;
        Console.WriteLine($"file: {file} ({options.Rows:N0} rows × 20 columns, {megabytes:F0} MB)");
        var rows = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var parse in (bool[])[false, true])
            {
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                var oursFirst = run % 2 == 1;
                var (first, firstWork) = Time(oursFirst ? CsvReaders.Ours : CsvReaders.Sylvan, file, parse);
                var (second, secondWork) = Time(oursFirst ? CsvReaders.Sylvan : CsvReaders.Ours, file, parse);
                if (firstWork.Totals != secondWork.Totals)
                {
                    throw new InvalidOperationException($"The readers disagree: {firstWork.Totals} vs {secondWork.Totals}.");
                }
                var (ours, sylvan) = oursFirst ? (first, second) : (second, first);
                rows.Add($"| {run} | {(parse ? "parse" : "visit")} | {(oursFirst ? "ours" : "Sylvan")} | {ours:F2} | {sylvan:F2} | " +
                         $"{megabytes / ours:F0} | {megabytes / sylvan:F0} | {sylvan / ours:F2}× | {load} |");
                Console.WriteLine(rows[^1]);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Every field of {options.Rows:N0} rows × 20 columns ({megabytes:F0} MB), same process:");
        Console.WriteLine("| run | work | first | ours CPU s | Sylvan CPU s | ours MB/s | Sylvan MB/s | Sylvan time / ours | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static (double Seconds, FieldWork Work) Time(Action<string, FieldWork> read, string file, bool parse)
    {
        var work = new FieldWork(parse);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        read(file, work);
        return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, work);
    }
}
