namespace MlWorkflow.Engine.Preprocessing;

/// <summary>A fitted step on one number (NaN = missing); the same object runs while fitting later steps and when writing.</summary>
internal abstract class NumberOp
{
    public abstract double Apply(double x);

    /// <summary>Applies the step to a block of values, locating a failure at its row (<paramref name="firstRow"/> + index).</summary>
    public void Apply(Span<double> values, long firstRow)
    {
        var i = 0;
        try
        {
            for (; i < values.Length; i++)
            {
                values[i] = Apply(values[i]);
            }
        }
        catch (PreprocessDataException e)
        {
            throw e.AtRow(firstRow + i);
        }
    }
}

/// <summary>impute: a missing value becomes the fill value.</summary>
internal sealed class FillOp(double fill) : NumberOp
{
    public override double Apply(double x) => double.IsNaN(x) ? fill : x;
}

/// <summary>standard_scale and robust_scale, as sklearn computes them: (x − center) / scale.</summary>
internal sealed class CenterScaleOp(double center, double scale) : NumberOp
{
    public override double Apply(double x) => (x - center) / scale;
}

/// <summary>minmax_scale as sklearn computes it: x · s + (0 − min · s) with s = 1 / (max − min), s = 1 when max = min.</summary>
internal sealed class MinMaxOp(double min, double max) : NumberOp
{
    private readonly double _scale = 1 / NumberStats.NonZeroScale(max - min);
    private readonly double _offset = 0 - min * (1 / NumberStats.NonZeroScale(max - min));

    public override double Apply(double x) => x * _scale + _offset;
}

internal sealed class ClipOp(double lower, double upper) : NumberOp
{
    public override double Apply(double x) => x < lower ? lower : x > upper ? upper : x;
}

/// <summary>log_transform: log(1 + x), accurate near 0 as numpy's log1p; below −1 there is no logarithm and the run fails.</summary>
internal sealed class Log1pOp(string column) : NumberOp
{
    public override double Apply(double x)
    {
        if (x < -1)
        {
            throw PreprocessDataException.Create($"log1p needs values of at least −1 and this one is {CellFormat.Number(x)} when it reaches log_transform.",
                column, null, CellFormat.Number(x), $"Remove log_transform for `{column}`, or clip the column first so no value is below −1.");
        }
        return Log1p(x);
    }

    /// <summary>log(1 + x) without the rounding of 1 + x for small x (Goldberg's rewriting: log(u) · x / (u − 1)).</summary>
    public static double Log1p(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : double.IsPositiveInfinity(u) ? u : Math.Log(u) * x / (u - 1);
    }
}

/// <summary>ordinal_encode of numbers: the category's code, −1 for a value not seen while fitting; missing stays missing.</summary>
internal sealed class NumberCodeOp(IReadOnlyList<double> categories) : NumberOp
{
    private readonly Dictionary<double, int> _codes = categories.Select((value, code) => (value, code)).ToDictionary(e => e.value, e => e.code);

    public override double Apply(double x) => double.IsNaN(x) ? x : _codes.TryGetValue(x, out var code) ? code : -1;
}
