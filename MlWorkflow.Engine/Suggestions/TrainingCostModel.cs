using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>
/// Expected training seconds = <see cref="OverheadSeconds"/> + rows × features × the trainer's seconds per cell
/// × a class factor (one-versus-all and multiclass boosting fit one model per class). Features count as after the
/// suggested encodings: numbers and booleans 1, a one-hot categorical its categories, an ordinal one 1, a date
/// its parts that vary (<see cref="DateFeatures"/> when the profile does not say), a text column <see cref="TextFeatures"/>; identifiers and constants none.
/// The per-cell figures are rough, from ML.NET fits measured here (LightGbm ~3.6 s on 20k rows, SDCA slow with defaults,
/// cold first fit up to ~3 s) on this 2-core machine; they order trainers and give a magnitude, not a promise.
/// </summary>
public static class TrainingCostModel
{
    public const double OverheadSeconds = 2.0;
    public const int DateFeatures = 4;
    public const int TextFeatures = 200;

    private static readonly Dictionary<string, (double SecondsPerCell, bool PerClass)> s_trainers = new()
    {
        [MlNetTrainers.LightGbm] = (4e-6, true),
        [MlNetTrainers.FastTree] = (6e-6, true),
        [MlNetTrainers.FastForest] = (8e-6, true),
        [MlNetTrainers.LbfgsLogisticRegression] = (2e-6, false),
        [MlNetTrainers.LbfgsMaximumEntropy] = (2e-6, true),
        [MlNetTrainers.SdcaLogisticRegression] = (5e-6, false),
        [MlNetTrainers.SdcaMaximumEntropy] = (5e-6, true),
        [MlNetTrainers.Sdca] = (5e-6, false),
        [MlNetTrainers.OnlineGradientDescent] = (1e-6, false),
        [MlNetTrainers.LbfgsPoissonRegression] = (2e-6, false),
    };

    public static double ExpectedSeconds(string algorithm, long rows, int features, int classes)
    {
        if (!s_trainers.TryGetValue(algorithm, out var trainer))
        {
            throw new ArgumentException($"Unknown trainer '{algorithm}'; known: {string.Join(", ", s_trainers.Keys)}.", nameof(algorithm));
        }
        var classFactor = trainer.PerClass ? Math.Max(1, classes) : 1;
        return Math.Round(OverheadSeconds + rows * (double)Math.Max(1, features) * trainer.SecondsPerCell * classFactor, 1);
    }

    /// <summary>Feature count after encoding, for the columns other than the target.</summary>
    public static int EffectiveFeatures(DatasetProfile profile, string? target) =>
        profile.Columns.Where(column => column.Name != target).Sum(column => column.Type switch
        {
            ColumnType.Numeric or ColumnType.Integer or ColumnType.Boolean => 1,
            ColumnType.Categorical => column.Distinct <= EncodingSteps.OneHotMaxCategories ? (int)column.Distinct : 1,
            ColumnType.Datetime => column.DateParts is null ? DateFeatures : column.UsefulDateParts().Count,
            ColumnType.Text => TextFeatures,
            _ => 0,
        });
}
