using System.Globalization;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Benchmarks.Train;

/// <summary>
/// The plan of today's planner against the trials of a recorded train run (<c>train --trials FILE.csv</c>): each dataset's
/// split is written again with the run's seed, planned with the run's budget, and each trainer's planned seconds per trial
/// compared with the mean CPU seconds of its recorded trials. A change to the planner is judged on a run already made,
/// without training again (a train run takes 15 minutes and never searches the same way twice on a shared machine).
/// </summary>
public static class ReplanBenchmark
{
    public static async Task<int> RunAsync(string trialsPath, double budget, int seed)
    {
        if (!File.Exists(trialsPath) || File.ReadLines(trialsPath).FirstOrDefault() != TrialCsv.Header)
        {
            Console.Error.WriteLine($"{trialsPath} is not a trials file: write one with train --trials FILE.csv (its first line is {TrialCsv.Header}).");
            return 2;
        }
        var columns = TrialCsv.Header.Split(',');
        int Column(string name) => Array.IndexOf(columns, name);
        var (datasetAt, trainerAt, cpuAt, failedAt) = (Column("dataset"), Column("trainer"), Column("cpu_seconds"), Column("failed"));
        var measured = File.ReadLines(trialsPath).Skip(1).Select(line => line.Split(','))
            .Where(cells => cells[failedAt] == "0" && double.TryParse(cells[cpuAt], CultureInfo.InvariantCulture, out _))
            .GroupBy(cells => (Dataset: cells[datasetAt], Trainer: cells[trainerAt]))
            .ToDictionary(g => g.Key, g => (Cpu: g.Average(c => double.Parse(c[cpuAt], CultureInfo.InvariantCulture)), Trials: g.Count()));
        var directory = Directory.CreateTempSubdirectory("mlworkflow-replan-").FullName;
        var ratios = new List<double>();
        Console.WriteLine($"The plan at {budget:0.#} s against the trials of {trialsPath} (seed {seed}):");
        Console.WriteLine("| dataset | trainer | planned s/trial | measured CPU s/trial | trials | planned / CPU |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var dataset in TrainBenchmark.Datasets.Where(d => measured.Keys.Any(k => k.Dataset == d.Name)))
        {
            var (split, _) = await TrainBenchmark.SplitAsync(dataset, seed, directory);
            var (profile, _) = await OurTraining.LoadAsync(split.TrainPath, dataset.Target, dataset.Task);
            var plan = TrainingPlanner.Plan(profile, dataset.Target, dataset.Task, TrainerSpec.For(dataset.Task), budget);
            foreach (var planned in plan.Algorithms)
            {
                if (measured.TryGetValue((dataset.Name, planned.Algorithm), out var trials))
                {
                    ratios.Add(planned.ExpectedTrialSeconds / trials.Cpu);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {dataset.Name} | {planned.Algorithm} | {planned.ExpectedTrialSeconds:0.###} | {trials.Cpu:0.###} | {trials.Trials} | {ratios[^1]:0.00} |"));
                }
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Within 2×: {ratios.Count(r => r is >= 0.5 and <= 2)} of {ratios.Count} trainer × dataset pairs in CPU time (planned / measured {ratios.Min():0.00}–{ratios.Max():0.00})."));
        Directory.Delete(directory, recursive: true);
        return 0;
    }
}
