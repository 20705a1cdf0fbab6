using System.Globalization;
using System.Text.Json;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>impute: <c>strategy</c>, <c>fill_value</c> (constant only; its text, and its number when it is one), <c>also_missing</c>.</summary>
internal sealed record ImputeParams(string Strategy, string? FillText, double? FillNumber, bool InfiniteIsMissing, bool NonNumericIsMissing)
{
    public const string Mean = "mean";
    public const string Median = "median";
    public const string MostFrequent = "most_frequent";
    public const string Constant = "constant";
    public const string Infinite = "infinite";
    public const string NonNumeric = "non_numeric";

    public bool NeedsNumbers => Strategy is Mean or Median;
}

internal sealed record ClipParams(double Lower, double Upper);

internal sealed record DatePartsParams(IReadOnlyList<string> Parts)
{
    public static readonly string[] All = ["year", "month", "day", "day_of_week", "hour", "minute"];
}

internal sealed record OrdinalParams(bool ByFrequency);

/// <summary>
/// Each op's parameters, checked and typed. Errors are reported by parameter name with what is wrong and how to fix it;
/// a parameter the op does not know is an error too (the suggester emits only known ones).
/// </summary>
internal static class StepParams
{
    /// <returns>The typed parameters of impute, clip_outliers, date_parts and ordinal_encode; null for other ops or on errors.</returns>
    public static object? Read(string op, JsonElement parameters, Action<string, string> error)
    {
        var errors = 0;
        var reader = new ParamReader(parameters, (name, message) =>
        {
            errors++;
            error(name, message);
        });
        object? result = op switch
        {
            PipelineOps.Impute => Impute(reader),
            PipelineOps.ClipOutliers => Clip(reader),
            PipelineOps.DateParts => reader.Subset("parts", nonEmpty: true, DatePartsParams.All) is { } parts
                ? new DatePartsParams(parts)
                : Missing(reader, "parts", "list the parts to extract, e.g. [\"year\", \"month\"]"),
            PipelineOps.OrdinalEncode => reader.Choice("order", "lexical", "lexical", "frequency") is { } order ? new OrdinalParams(order == "frequency") : null,
            PipelineOps.OneHot => reader.Choice("handle_unknown", "ignore", "ignore"),
            PipelineOps.LogTransform => reader.Choice("function", "log1p", "log1p"),
            PipelineOps.DropDuplicates => reader.Choice("keep", "first", "first"),
            PipelineOps.DropColumns => Reason(reader),
            PipelineOps.TextFeatures => (reader.Integer("word_ngrams", 1, 5), reader.Integer("char_ngrams", 1, 5)),
            _ => null,
        };
        reader.RejectUnknown(op);
        return errors == 0 ? result : null;
    }

    private static object? Missing(ParamReader reader, string name, string fix)
    {
        reader.Error(name, $"'{name}' is missing: {fix}.");
        return null;
    }

    private static object? Reason(ParamReader reader)
    {
        if (reader.Take("reason") is { ValueKind: not JsonValueKind.String } reason)
        {
            reader.Error("reason", $"'reason' is a JSON {ParamReader.Kind(reason)}; send free text, or leave it out.");
        }
        return null;
    }

    private static ClipParams? Clip(ParamReader reader)
    {
        var lower = reader.Fraction("lower_quantile", 0.01);
        var upper = reader.Fraction("upper_quantile", 0.99);
        if (lower is { } low && upper is { } high && low >= high)
        {
            reader.Error("lower_quantile", string.Create(CultureInfo.InvariantCulture,
                $"lower_quantile {low} is not below upper_quantile {high}; make the lower one smaller (e.g. 0.01 and 0.99)."));
            return null;
        }
        return lower is null || upper is null ? null : new ClipParams(lower.Value, upper.Value);
    }

    private static ImputeParams? Impute(ParamReader reader)
    {
        var strategy = reader.Choice("strategy", null, ImputeParams.Mean, ImputeParams.Median, ImputeParams.MostFrequent, ImputeParams.Constant);
        var fill = reader.Take("fill_value");
        string? text = null;
        double? number = null;
        if (strategy == ImputeParams.Constant)
        {
            switch (fill)
            {
                case null:
                    reader.Error("fill_value", "'fill_value' is missing: strategy constant fills with it; send a string or a number.");
                    break;
                case { ValueKind: JsonValueKind.String } value:
                    text = value.GetString();
                    number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : null;
                    break;
                case { ValueKind: JsonValueKind.Number } value:
                    text = value.GetRawText();
                    number = value.GetDouble();
                    break;
                case var value:
                    reader.Error("fill_value", $"'fill_value' is a JSON {ParamReader.Kind(value.Value)}; send a string or a number.");
                    break;
            }
        }
        else if (fill is not null && strategy is not null)
        {
            reader.Error("fill_value", $"'fill_value' is used only with strategy constant, not {strategy}; remove it or set strategy to constant.");
        }
        var also = reader.Subset("also_missing", nonEmpty: false, ImputeParams.Infinite, ImputeParams.NonNumeric) ?? [];
        return strategy is null ? null : new ImputeParams(strategy, text, number, also.Contains(ImputeParams.Infinite), also.Contains(ImputeParams.NonNumeric));
    }
}
