using System.Globalization;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>The log lines of a preprocessing run, one per fitted column of each step.</summary>
internal static class PreprocessMessages
{
    private const int MaxListed = 8;

    public static string ImputeNumber(string column, string strategy, double fill, long filled) =>
        $"impute `{column}` with {Strategy(strategy)} {N(fill)} ({Values(filled)} filled)";

    public static string ImputeText(string column, string strategy, string fill, long filled) =>
        $"impute `{column}` with {Strategy(strategy)} \"{fill}\" ({Values(filled)} filled)";

    public static string Scale(string column, string op, string first, double a, string second, double b) =>
        $"{op} `{column}`: {first} {N(a)}, {second} {N(b)}";

    public static string Clip(string column, ClipParams clip, double lower, double upper) =>
        $"clip_outliers `{column}` to [{N(lower)}, {N(upper)}] (its {N(clip.Lower)} and {N(clip.Upper)} quantiles)";

    public static string Log(string column) => $"log_transform `{column}`: log(1 + x)";

    public static string OneHot(string column, IReadOnlyList<string> outputs) => $"one_hot `{column}` → {List(outputs)}";

    public static string Ordinal(string column, IReadOnlyList<string> order, bool byFrequency) =>
        $"ordinal_encode `{column}`: {order.Count} categories {(byFrequency ? "by frequency" : "in sorted order")}, "
        + string.Join(", ", order.Take(MaxListed).Select((value, code) => $"\"{value}\" → {code}")) + (order.Count > MaxListed ? ", …" : "");

    public static string DateParts(string column, IReadOnlyList<string> outputs) => $"date_parts `{column}` → {List(outputs)}";

    public static string Drop(string column, ChainStep step) => $"drop_columns `{column}`" + (step.Spec.Params.TryGetProperty("reason", out var reason) ? $" ({reason})" : "");

    public static string Text(IReadOnlyList<string> columns) =>
        $"text_features {List(columns)}: passed through as text here; training turns it into word and character n-gram features";

    public static string Duplicates(long removed) => $"drop_duplicates: {Rows(removed)} removed (each repeated an earlier row exactly)";

    public static string MissingTarget(string target, long removed) => $"drop_missing_target: {Rows(removed)} without `{target}` removed";

    public static string Done(long rowsIn, long rowsOut, int columns, TimeSpan elapsed) =>
        $"wrote {rowsOut:N0} of {rowsIn:N0} rows, {columns} columns, in {elapsed.TotalSeconds:F1} s";

    public static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Strategy(string strategy) => strategy switch
    {
        ImputeParams.Mean => "the mean",
        ImputeParams.Median => "the median",
        ImputeParams.MostFrequent => "the most frequent value",
        _ => "the constant",
    };

    private static string Values(long count) => count == 1 ? "1 value" : $"{count:N0} values";

    private static string Rows(long count) => count == 1 ? "1 row" : $"{count:N0} rows";

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(MaxListed).Select(name => $"`{name}`")) + (names.Count > MaxListed ? $" and {names.Count - MaxListed} more" : "");
}
