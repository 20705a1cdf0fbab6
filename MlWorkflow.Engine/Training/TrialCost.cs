using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The seconds of one fit of a trainer with a given configuration, on a warm process (ML.NET compiled) and a core of
/// its own (a shared machine takes longer on the wall clock), including the prediction of its validation rows:
/// <c>overhead + scale × rows^a × (features × feature fraction)^b × classes^c × Π driver^exponent</c>,
/// where classes counts only for multiclass and the drivers are the hyper-parameters that set the work (trees or
/// iterations, leaves). A tree cannot have more leaves than its rows allow (rows ÷ minimum rows a leaf),
/// so the leaves that count are the fewer of the two.
/// </summary>
public static class TrialCost
{
    /// <summary>A trainer's fitted constants; <see cref="Drivers"/> are (hyper-parameter, exponent) pairs.</summary>
    private sealed record Constants(double Overhead, double Scale, double RowExponent, double FeatureExponent, double ClassExponent,
        params (string Name, double Exponent)[] Drivers);

    private const string NumberOfLeaves = "NumberOfLeaves";
    private const string MinimumPerLeaf = "MinimumExampleCountPerLeaf";
    private const string FeatureFraction = "FeatureFraction";

    // Fitted by MlWorkflow.Benchmarks/Train/fit_cost.py (least squares on log seconds, robust) to the CPU seconds of the
    // 1,807 successful trials of one train benchmark run over its 11 datasets (96–29,538 rows a fit, 4–61 features,
    // 1–10 classes; docs/BENCHMARKS.md, "Training"). CPU time, not wall time: the machine was shared (load 14–27 on
    // 2 cores). To redo:
    //   dotnet run -c Release --project MlWorkflow.Benchmarks -- train --trials /tmp/trials.csv
    //   /usr/bin/python3 MlWorkflow.Benchmarks/Train/fit_cost.py /tmp/trials.csv
    // and paste the printed lines here.
    private static readonly Dictionary<string, Constants> s_constants = new()
    {
        [MlNetTrainers.LightGbm] = new(0.00107, 7.188e-07, 0.76, 0.0323, 0.972, ("NumberOfIterations", 0.892), ("NumberOfLeaves", 0.477)),
        [MlNetTrainers.FastTree] = new(0.0001, 8.244e-06, 0.234, 0.933, 0.854, ("NumberOfTrees", 0.91), ("NumberOfLeaves", 0.553)),
        [MlNetTrainers.FastForest] = new(0.0151, 5.464e-06, 0.421, 0.428, 1.02, ("NumberOfTrees", 0.935), ("NumberOfLeaves", 0.5)),
        [MlNetTrainers.LbfgsLogisticRegression] = new(0.00666, 3.59e-08, 1.24, 0.91, 0),
        [MlNetTrainers.LbfgsMaximumEntropy] = new(0.0001, 6.262e-05, 0.63, 0.207, 0.981),
        [MlNetTrainers.SdcaLogisticRegression] = new(0.00288, 3.934e-08, 1.16, 0.946, 0),
        [MlNetTrainers.SdcaMaximumEntropy] = new(0.0045, 1.937e-08, 1.1, 1.06, 1.04),
        [MlNetTrainers.Sdca] = new(0.00974, 4.996e-06, 0.968, 0.999, 0),
        [MlNetTrainers.OnlineGradientDescent] = new(0.00355, 8.61e-08, 0.841, 0.94, 0, ("NumberOfIterations", 1.06)),
        [MlNetTrainers.LbfgsPoissonRegression] = new(0.0104, 1.388e-07, 1.04, 1, 0),
    };

    /// <summary>The trainers the model knows.</summary>
    public static IEnumerable<string> Trainers => s_constants.Keys;

    /// <param name="algorithm">One of <see cref="MlNetTrainers"/>.</param>
    /// <param name="rows">The rows the fit trains on.</param>
    /// <param name="features">Encoded feature slots.</param>
    /// <param name="classes">Classes of a multiclass task; anything else counts as one.</param>
    /// <param name="config">The trainer's hyper-parameters (<see cref="TrainerSpec.Space"/>).</param>
    /// <exception cref="ArgumentException">The trainer is unknown.</exception>
    public static double FitSeconds(string algorithm, long rows, int features, int classes, IReadOnlyDictionary<string, double> config)
    {
        if (!s_constants.TryGetValue(algorithm, out var c))
        {
            throw new ArgumentException($"Unknown trainer '{algorithm}'; known: {string.Join(", ", s_constants.Keys)}.", nameof(algorithm));
        }
        var fraction = config.TryGetValue(FeatureFraction, out var f) ? f : 1;
        var seconds = c.Scale * Math.Pow(Math.Max(1, rows), c.RowExponent) * Math.Pow(Math.Max(1, features * fraction), c.FeatureExponent)
            * Math.Pow(Math.Max(1, classes), c.ClassExponent);
        foreach (var (name, exponent) in c.Drivers)
        {
            seconds *= Math.Pow(Driver(name, rows, config), exponent);
        }
        return c.Overhead + seconds;
    }

    /// <summary>The classes that multiply the work: a multiclass task's, else one.</summary>
    public static int CostClasses(string task, int classes) => task == TargetTasks.Multiclass ? Math.Max(1, classes) : 1;

    /// <summary>The leaves a tree of this configuration can grow on <paramref name="rows"/>: at most rows ÷ the minimum rows a leaf.</summary>
    public static double Leaves(long rows, IReadOnlyDictionary<string, double> config)
    {
        var leaves = config[NumberOfLeaves];
        return config.TryGetValue(MinimumPerLeaf, out var minimum) ? Math.Min(leaves, Math.Max(2, rows / Math.Max(1, minimum))) : leaves;
    }

    private static double Driver(string name, long rows, IReadOnlyDictionary<string, double> config) =>
        Math.Max(name == NumberOfLeaves ? Leaves(rows, config) : config[name], 1e-9);
}
