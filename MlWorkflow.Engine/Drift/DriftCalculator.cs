using System.Globalization;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Drift;

/// <summary>
/// Compares logged rows with a model's <see cref="ReferenceSummary"/> (<c>ModelManifest.Reference</c>, package format 2):
/// per input column the missing-rate change, PSI on the reference's bins, and the normed Wasserstein distance (numbers)
/// or Jensen–Shannon distance (booleans, categories); the same for the predictions; and dataset drift. See
/// <see cref="DriftSettings"/> for the thresholds and <see cref="DriftReport.Alerts"/> for what to raise.
/// </summary>
public static class DriftCalculator
{
    /// <summary>Reads <paramref name="rows"/> once (they are not kept) and compares them with <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (<see cref="DriftSettings.Validate"/>).</exception>
    public static DriftReport Compute(ReferenceSummary reference, IEnumerable<LoggedRow> rows, DriftSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var window = new DriftWindow(reference);
        foreach (var row in rows)
        {
            window.Add(row);
        }
        return Compute(window, settings ?? DriftSettings.Default);
    }

    /// <summary>Compares a window filled row by row (e.g. page by page from a log) with its reference.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (<see cref="DriftSettings.Validate"/>).</exception>
    public static DriftReport Compute(DriftWindow window, DriftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var enough = window.Rows >= settings.MinRows;
        var features = window.Columns.Select(c => Column(c, settings, enough)).ToList();
        var prediction = window.Prediction is { } predicted ? Column(predicted, settings, enough) : null;
        var drifted = features.Count(f => f.Drifted);
        var share = features.Count == 0 ? 0 : (double)drifted / features.Count;
        var datasetDrift = enough && features.Count > 0 && share >= settings.DatasetDriftShare;
        var message = enough
            ? string.Format(CultureInfo.InvariantCulture, "{0:N0} rows: {1} of {2} columns drifted ({3:P0}); the dataset {4}.",
                window.Rows, drifted, features.Count, share, datasetDrift ? "drifted" : "did not drift")
            : string.Format(CultureInfo.InvariantCulture,
                "Not enough rows: {0:N0} logged, a drift check needs at least {1:N0}. The statistics are shown, but no column is judged and no alert raised.",
                window.Rows, settings.MinRows);
        return new DriftReport(enough ? DriftReport.Complete : DriftReport.NotEnoughRows, message, window.Rows, window.Reference.Rows,
            features, prediction, drifted, share, datasetDrift, settings);
    }

    private static FeatureDrift Column(ColumnWindow column, DriftSettings settings, bool enough)
    {
        var reference = column.Reference;
        var isNumber = reference.Kind == FeatureSpec.Number;
        var metric = isNumber ? DriftMetrics.Wasserstein : DriftMetrics.JensenShannon;
        var threshold = isNumber ? settings.NumberDistanceThreshold : settings.CategoryDistanceThreshold;
        var missingRate = column.Rows == 0 ? 0 : (double)(column.Missing + column.Invalid) / column.Rows;
        var missingDrift = enough && Math.Abs(missingRate - reference.MissingRate) >= settings.MissingRateChange;
        var (histogram, distance, note) = (reference.Number, reference.Category) switch
        {
            _ when column.Valid == 0 => (null, (double?)null, "No value in the window: only the missing rate is compared."),
            (null, null) => (null, null, "The training data had no value in this column: only the missing rate is compared."),
            ({ } number, _) => Numbers(column, number),
            (_, { } category) => Categories(column, category),
        };
        var psi = histogram is null ? (double?)null : DriftStatistics.Psi([.. histogram.Reference], [.. histogram.Current]);
        var psiLevel = psi >= settings.PsiHigh ? PsiLevels.High : psi >= settings.PsiModerate ? PsiLevels.Moderate : PsiLevels.None;
        return new FeatureDrift(reference.Name, reference.Kind, column.Rows, column.Missing, column.Invalid, [.. column.InvalidExamples],
            reference.MissingRate, missingRate, missingDrift, metric, distance, threshold, enough && distance >= threshold,
            psi, psiLevel, reference.Number?.Mean, column.Mean, histogram, note);
    }

    private static (DriftHistogram, double?, string?) Numbers(ColumnWindow column, NumberReference number)
    {
        var referenceTotal = (double)number.Counts.Sum();
        var histogram = new DriftHistogram(number.Edges, null,
            [.. number.Counts.Select(c => c / referenceTotal)], [.. column.Counts.ToArray().Select(c => (double)c / column.Valid)]);
        if (number.Quantiles.Count != NumberReference.QuantileLevels.Count)
        {
            return (histogram, null, $"The reference has {number.Quantiles.Count} quantiles, not the {NumberReference.QuantileLevels.Count} a distance needs: only PSI is compared.");
        }
        var sorted = column.Values!.ToArray();
        Array.Sort(sorted);
        var distance = DriftStatistics.Wasserstein(NumberReference.QuantileLevels, number.Quantiles, sorted) / Math.Max(number.Std, DriftStatistics.MinStd);
        var note = sorted.Length < column.Valid
            ? string.Format(CultureInfo.InvariantCulture, "The distance is computed on a uniform sample of {0:N0} of the {1:N0} values.", sorted.Length, column.Valid)
            : null;
        return (histogram, distance, note);
    }

    private static (DriftHistogram, double?, string?) Categories(ColumnWindow column, CategoryReference category)
    {
        var referenceTotal = (double)(category.Counts.Sum() + category.Other);
        var counts = column.Counts;
        var withOther = category.Other > 0 || counts[^1] > 0;
        var labels = withOther ? [.. category.Categories, DriftHistogram.Other] : category.Categories;
        double[] reference = [.. category.Counts.Select(c => c / referenceTotal), .. withOther ? [category.Other / referenceTotal] : Array.Empty<double>()];
        var current = new double[labels.Count];
        for (var i = 0; i < current.Length; i++)
        {
            current[i] = (double)counts[i] / column.Valid;
        }
        return (new DriftHistogram(null, labels, reference, current), DriftStatistics.JensenShannon(reference, current), null);
    }
}
