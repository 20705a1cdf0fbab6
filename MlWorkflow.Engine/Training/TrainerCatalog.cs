using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>A hyper-parameter's range; the search moves in [0, 1] mapped linearly or on a log scale, rounding integers.</summary>
public sealed record HyperParameter(string Name, double Min, double Max, bool Log = false, bool Integer = false)
{
    public double FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        var value = Log ? Math.Exp(Math.Log(Min) + (unit * (Math.Log(Max) - Math.Log(Min)))) : Min + (unit * (Max - Min));
        return Integer ? Math.Round(value) : Math.Round(value, 6);
    }

    public double ToUnit(double value)
    {
        value = Math.Clamp(value, Min, Max);
        return Log ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : (value - Min) / (Max - Min);
    }
}

/// <summary>
/// A trainer the search can try: its search space, a small portfolio of strong defaults (tried first, in order), whether
/// it needs imputed, standardised features (linear models do; trees route missing values and ignore scale), and how to
/// build its ML.NET estimator. Every trainer is seeded; SDCA runs on one thread because it is not reproducible on several.
/// </summary>
public sealed class TrainerSpec
{
    private readonly Func<MLContext, IReadOnlyDictionary<string, double>, int, int?, IEstimator<ITransformer>> _build;

    private TrainerSpec(string algorithm, IReadOnlyList<HyperParameter> space, IReadOnlyList<IReadOnlyDictionary<string, double>> portfolio, bool linear,
        Func<MLContext, IReadOnlyDictionary<string, double>, int, int?, IEstimator<ITransformer>> build)
    {
        Algorithm = algorithm;
        Space = space;
        Portfolio = portfolio;
        Linear = linear;
        _build = build;
    }

    public const long OneThreadBelowCells = 2_000_000;

    public string Algorithm { get; }

    public IReadOnlyList<HyperParameter> Space { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> Portfolio { get; }

    public bool Linear { get; }

    /// <summary>
    /// LightGbm gets one thread below <see cref="OneThreadBelowCells"/> cells: on small data its OpenMP threads mostly
    /// spin-wait, and on 2 busy cores a 1,000-row fit took 10× longer with them.
    /// </summary>
    public IEstimator<ITransformer> Build(MLContext context, IReadOnlyDictionary<string, double> config, int seed, long cells)
    {
        var trainer = _build(context, config, seed, cells < OneThreadBelowCells ? 1 : null);
        return Linear
            ? context.Transforms.ReplaceMissingValues(MatrixDataView.FeaturesColumn, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
                .Append(context.Transforms.NormalizeMeanVariance(MatrixDataView.FeaturesColumn, fixZero: false))
                .Append(trainer)
            : trainer;
    }

    /// <summary>The algorithms a task can use, in the order the search prefers when it has no other reason.</summary>
    public static IReadOnlyList<string> For(string task) => task switch
    {
        TargetTasks.Binary => [MlNetTrainers.LightGbm, MlNetTrainers.FastTree, MlNetTrainers.FastForest, MlNetTrainers.LbfgsLogisticRegression, MlNetTrainers.SdcaLogisticRegression],
        TargetTasks.Multiclass => [MlNetTrainers.LightGbm, MlNetTrainers.FastTree, MlNetTrainers.FastForest, MlNetTrainers.LbfgsMaximumEntropy, MlNetTrainers.SdcaMaximumEntropy],
        TargetTasks.Regression => [MlNetTrainers.LightGbm, MlNetTrainers.FastTree, MlNetTrainers.FastForest, MlNetTrainers.Sdca, MlNetTrainers.OnlineGradientDescent, MlNetTrainers.LbfgsPoissonRegression],
        _ => throw new ArgumentException($"Unknown task '{task}'.", nameof(task)),
    };

    /// <exception cref="ArgumentException">The algorithm is unknown or does not fit the task.</exception>
    public static TrainerSpec Get(string algorithm, string task, int classes)
    {
        if (!For(task).Contains(algorithm))
        {
            throw new ArgumentException($"'{algorithm}' does not train a {task} model; use one of {string.Join(", ", For(task))}.", nameof(algorithm));
        }
        return algorithm switch
        {
            MlNetTrainers.LightGbm => LightGbm(task),
            MlNetTrainers.FastTree => FastTree(task),
            MlNetTrainers.FastForest => FastForest(task),
            MlNetTrainers.OnlineGradientDescent => OnlineGradientDescent(),
            MlNetTrainers.SdcaLogisticRegression or MlNetTrainers.SdcaMaximumEntropy or MlNetTrainers.Sdca => Sdca(algorithm, task),
            _ => Lbfgs(algorithm, task),
        };
    }

    private static Dictionary<string, double> Config(params (string Name, double Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    // Portfolios: ML.NET's own defaults first, then AutoGluon's "Large" LightGbm (lr 0.03, 128 leaves, 0.9 of the
    // features, 3 rows a leaf) and a small fast one, so a short budget still gets a good model.
    private static TrainerSpec LightGbm(string task) => new(MlNetTrainers.LightGbm,
        [
            new("NumberOfLeaves", 4, 256, Log: true, Integer: true),
            new("MinimumExampleCountPerLeaf", 2, 128, Log: true, Integer: true),
            new("LearningRate", 0.01, 0.3, Log: true),
            new("NumberOfIterations", 20, 1000, Log: true, Integer: true),
            new("FeatureFraction", 0.4, 1),
            new("L2Regularization", 0.001, 10, Log: true),
        ],
        [
            Config(("NumberOfLeaves", 8), ("MinimumExampleCountPerLeaf", 10), ("LearningRate", 0.1), ("NumberOfIterations", 50), ("FeatureFraction", 1), ("L2Regularization", 0.01)),
            Config(("NumberOfLeaves", 31), ("MinimumExampleCountPerLeaf", 20), ("LearningRate", 0.1), ("NumberOfIterations", 100), ("FeatureFraction", 1), ("L2Regularization", 0.01)),
            Config(("NumberOfLeaves", 128), ("MinimumExampleCountPerLeaf", 3), ("LearningRate", 0.03), ("NumberOfIterations", 300), ("FeatureFraction", 0.9), ("L2Regularization", 0.01)),
        ],
        linear: false,
        (context, c, seed, threads) =>
        {
            var booster = new GradientBooster.Options { FeatureFraction = c["FeatureFraction"], L2Regularization = c["L2Regularization"] };
            var leaves = (int)c["NumberOfLeaves"];
            var minimum = (int)c["MinimumExampleCountPerLeaf"];
            var rate = c["LearningRate"];
            var iterations = (int)c["NumberOfIterations"];
            return task switch
            {
                TargetTasks.Binary => context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    Booster = booster, NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minimum, LearningRate = rate, NumberOfIterations = iterations,
                    Seed = seed, Deterministic = true, UseCategoricalSplit = false, NumberOfThreads = threads,
                }),
                // ML.NET fits one-versus-all below 50,000 rows unless told; LightGBM itself and HistGradientBoosting fit the
                // softmax. Same configurations, same folds: +0.019 CV macro-F1 on synthetic-multiclass (12,000 rows),
                // within noise on digits (−0.002), penguins and wine.
                TargetTasks.Multiclass => context.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
                {
                    Booster = booster, NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minimum, LearningRate = rate, NumberOfIterations = iterations,
                    Seed = seed, Deterministic = true, UseCategoricalSplit = false, NumberOfThreads = threads, UseSoftmax = true,
                }),
                _ => context.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                {
                    Booster = booster, NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minimum, LearningRate = rate, NumberOfIterations = iterations,
                    Seed = seed, Deterministic = true, UseCategoricalSplit = false, NumberOfThreads = threads,
                }),
            };
        });

    private static TrainerSpec FastTree(string task) => new(MlNetTrainers.FastTree,
        [
            new("NumberOfLeaves", 4, 128, Log: true, Integer: true),
            new("MinimumExampleCountPerLeaf", 2, 64, Log: true, Integer: true),
            new("NumberOfTrees", 20, 500, Log: true, Integer: true),
            new("LearningRate", 0.02, 0.4, Log: true),
            new("FeatureFraction", 0.5, 1),
        ],
        // ML.NET's default learning rate of 0.2 overfits small data (titanic: AUC 0.78 against 0.83–0.85 for the rest).
        [Config(("NumberOfLeaves", 20), ("MinimumExampleCountPerLeaf", 10), ("NumberOfTrees", 100), ("LearningRate", 0.1), ("FeatureFraction", 1))],
        linear: false,
        (context, c, seed, threads) =>
        {
            FastTreeBinaryTrainer.Options Binary() => new()
            {
                NumberOfLeaves = (int)c["NumberOfLeaves"], MinimumExampleCountPerLeaf = (int)c["MinimumExampleCountPerLeaf"],
                NumberOfTrees = (int)c["NumberOfTrees"], LearningRate = c["LearningRate"], FeatureFraction = c["FeatureFraction"], Seed = seed, FeatureSelectionSeed = seed,
            };
            return task switch
            {
                TargetTasks.Binary => context.BinaryClassification.Trainers.FastTree(Binary()),
                TargetTasks.Multiclass => context.MulticlassClassification.Trainers.OneVersusAll(context.BinaryClassification.Trainers.FastTree(Binary())),
                _ => context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
                {
                    NumberOfLeaves = (int)c["NumberOfLeaves"], MinimumExampleCountPerLeaf = (int)c["MinimumExampleCountPerLeaf"],
                    NumberOfTrees = (int)c["NumberOfTrees"], LearningRate = c["LearningRate"], FeatureFraction = c["FeatureFraction"], Seed = seed, FeatureSelectionSeed = seed,
                }),
            };
        });

    private static TrainerSpec FastForest(string task) => new(MlNetTrainers.FastForest,
        [
            new("NumberOfTrees", 20, 300, Log: true, Integer: true),
            new("NumberOfLeaves", 4, 128, Log: true, Integer: true),
            new("MinimumExampleCountPerLeaf", 1, 32, Log: true, Integer: true),
            new("FeatureFraction", 0.3, 1),
        ],
        [Config(("NumberOfTrees", 100), ("NumberOfLeaves", 32), ("MinimumExampleCountPerLeaf", 2), ("FeatureFraction", 0.7))],
        linear: false,
        (context, c, seed, threads) =>
        {
            FastForestBinaryTrainer.Options Binary() => new()
            {
                NumberOfTrees = (int)c["NumberOfTrees"], NumberOfLeaves = (int)c["NumberOfLeaves"],
                MinimumExampleCountPerLeaf = (int)c["MinimumExampleCountPerLeaf"], FeatureFraction = c["FeatureFraction"], Seed = seed, FeatureSelectionSeed = seed,
            };
            return task switch
            {
                // A forest's binary score is a vote, not a probability: Platt scaling makes it one.
                TargetTasks.Binary => context.BinaryClassification.Trainers.FastForest(Binary()).Append(context.BinaryClassification.Calibrators.Platt()),
                TargetTasks.Multiclass => context.MulticlassClassification.Trainers.OneVersusAll(context.BinaryClassification.Trainers.FastForest(Binary())),
                // By default every leaf keeps 100 label samples for quantile outputs we never read: 5–6× the model's size
                // (memory of every pooled fold model, the package) for the same point predictions.
                _ => context.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
                {
                    NumberOfTrees = (int)c["NumberOfTrees"], NumberOfLeaves = (int)c["NumberOfLeaves"],
                    MinimumExampleCountPerLeaf = (int)c["MinimumExampleCountPerLeaf"], FeatureFraction = c["FeatureFraction"], Seed = seed, FeatureSelectionSeed = seed,
                    NumberOfQuantileSamples = 0,
                }),
            };
        });

    private static TrainerSpec Lbfgs(string algorithm, string task) => new(algorithm,
        [new("L1Regularization", 0.0001, 10, Log: true), new("L2Regularization", 0.0001, 100, Log: true)],
        [
            Config(("L1Regularization", 0.0001), ("L2Regularization", 1)),
            Config(("L1Regularization", 1), ("L2Regularization", 1)),
            Config(("L1Regularization", 0.0001), ("L2Regularization", 0.01)),
        ],
        linear: true,
        (context, c, _, _) =>
        {
            var l1 = (float)c["L1Regularization"];
            var l2 = (float)c["L2Regularization"];
            return task switch
            {
                TargetTasks.Binary => context.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new LbfgsLogisticRegressionBinaryTrainer.Options { L1Regularization = l1, L2Regularization = l2, NumberOfThreads = 1 }),
                TargetTasks.Multiclass => context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                    new LbfgsMaximumEntropyMulticlassTrainer.Options { L1Regularization = l1, L2Regularization = l2, NumberOfThreads = 1 }),
                _ => context.Regression.Trainers.LbfgsPoissonRegression(
                    new LbfgsPoissonRegressionTrainer.Options { L1Regularization = l1, L2Regularization = l2, NumberOfThreads = 1 }),
            };
        });

    private static TrainerSpec Sdca(string algorithm, string task) => new(algorithm,
        [new("L1Regularization", 0.0001, 1, Log: true), new("L2Regularization", 0.0001, 10, Log: true)],
        [Config(("L1Regularization", 0.0001), ("L2Regularization", 0.01))],
        linear: true,
        (context, c, _, _) =>
        {
            var l1 = (float)c["L1Regularization"];
            var l2 = (float)c["L2Regularization"];
            const int Iterations = 50;
            return task switch
            {
                TargetTasks.Binary => context.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                { L1Regularization = l1, L2Regularization = l2, NumberOfThreads = 1, MaximumNumberOfIterations = Iterations }),
                TargetTasks.Multiclass => context.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                { L1Regularization = l1, L2Regularization = l2, NumberOfThreads = 1, MaximumNumberOfIterations = Iterations }),
                _ => context.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                { L1Regularization = l1, L2Regularization = l2, NumberOfThreads = 1, MaximumNumberOfIterations = Iterations }),
            };
        });

    private static TrainerSpec OnlineGradientDescent() => new(MlNetTrainers.OnlineGradientDescent,
        [new("LearningRate", 0.001, 0.5, Log: true), new("NumberOfIterations", 1, 50, Log: true, Integer: true), new("L2Regularization", 0.000001, 0.1, Log: true)],
        [Config(("LearningRate", 0.05), ("NumberOfIterations", 10), ("L2Regularization", 0.000001))],
        linear: true,
        (context, c, _, _) => context.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
        {
            LearningRate = (float)c["LearningRate"], NumberOfIterations = (int)c["NumberOfIterations"], L2Regularization = (float)c["L2Regularization"],
        }));
}
