using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The seconds of one fit of a trainer with a given configuration, on a warm process (ML.NET compiled), including the
/// prediction of its validation rows:
/// <c>overhead + scale × rows^a × (features × feature fraction)^b × classes^c × Π driver^exponent</c>,
/// where classes counts only for multiclass and the drivers are the hyper-parameters that set the work (trees or
/// iterations, leaves, regularisation). A tree cannot have more leaves than its rows allow (rows ÷ minimum rows a leaf),
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

    private static readonly Dictionary<string, Constants> s_constants = new()
    {
        [MlNetTrainers.LightGbm] = new(0.0001, 2.632e-07, 0.721, 0.394, 1.04, ("NumberOfIterations", 0.959), ("NumberOfLeaves", 0.646)),
        [MlNetTrainers.FastTree] = new(0.0132, 9.862e-06, 0.303, 0.709, 1.09, ("NumberOfTrees", 0.945), ("NumberOfLeaves", 0.551)),
        [MlNetTrainers.FastForest] = new(0.104, 3.94e-06, 0.452, 0.533, 1.06, ("NumberOfTrees", 0.877), ("NumberOfLeaves", 0.776)),
        [MlNetTrainers.LbfgsLogisticRegression] = new(0.0001, 7.12e-06, 0.963, 0.354, 0),
        [MlNetTrainers.LbfgsMaximumEntropy] = new(0.00804, 4.992e-07, 0.907, 1.01, 1.01),
        [MlNetTrainers.SdcaLogisticRegression] = new(0.0001, 5.673e-05, 0.786, 0, 0),
        [MlNetTrainers.SdcaMaximumEntropy] = new(0.00549, 1.066e-08, 1.19, 1, 0.992),
        [MlNetTrainers.Sdca] = new(0.0001, 5.901e-06, 0.99, 1, 0),
        [MlNetTrainers.OnlineGradientDescent] = new(0.00255, 7.045e-08, 0.853, 0.976, 0, ("NumberOfIterations", 1.17)),
        [MlNetTrainers.LbfgsPoissonRegression] = new(0.00828, 1.775e-07, 1.1, 1, 0),
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
