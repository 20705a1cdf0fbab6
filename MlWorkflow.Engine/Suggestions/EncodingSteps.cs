using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;
using static MlWorkflow.Engine.Suggestions.StepFactory;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>Turns categories, dates and text into numbers.</summary>
internal static class EncodingSteps
{
    /// <summary>Categorical columns with at most this many values are one-hot encoded; more get an ordinal code.</summary>
    public const int OneHotMaxCategories = 15;

    public static void Add(IReadOnlyList<ColumnProfile> features, List<PipelineStep> steps)
    {
        var categories = features.Where(column => column.Type == ColumnType.Categorical).ToList();
        var oneHot = categories.Where(column => column.Distinct <= OneHotMaxCategories).ToList();
        if (oneHot.Count > 0)
        {
            steps.Add(Step(PipelineOps.OneHot, oneHot.Select(column => column.Name), 0.85,
                string.Join("; ", oneHot.Select(column => $"{Quote(column.Name)} has {column.Distinct} categories")) +
                $": one column per category (at most {OneHotMaxCategories}) keeps them unordered", ("handle_unknown", "ignore")));
        }
        var ordinal = categories.Except(oneHot).ToList();
        if (ordinal.Count > 0)
        {
            steps.Add(Step(PipelineOps.OrdinalEncode, ordinal.Select(column => column.Name), 0.6,
                string.Join("; ", ordinal.Select(column => $"{Quote(column.Name)} has {column.Distinct} categories")) +
                $": more than {OneHotMaxCategories} would make too many one-hot columns; an integer code by frequency suits tree models",
                ("order", "frequency")));
        }
        var dates = features.Where(column => column.Type == ColumnType.Datetime).ToList();
        if (dates.Count > 0)
        {
            var withTime = dates.Any(column => column.MinDate?.Contains('T', StringComparison.Ordinal) == true);
            string[] parts = withTime ? ["year", "month", "day", "day_of_week", "hour"] : ["year", "month", "day", "day_of_week"];
            steps.Add(Step(PipelineOps.DateParts, dates.Select(column => column.Name), 0.8,
                string.Join("; ", dates.Select(column => $"{Quote(column.Name)} holds dates from {column.MinDate} to {column.MaxDate}")) +
                $": models cannot read dates, so extract {string.Join(", ", parts)}", ("parts", parts)));
        }
        var texts = features.Where(column => column.Type == ColumnType.Text).ToList();
        if (texts.Count > 0)
        {
            steps.Add(Step(PipelineOps.TextFeatures, texts.Select(column => column.Name), 0.6,
                string.Join("; ", texts.Select(column => $"{Quote(column.Name)} is free text ({column.Distinct} distinct values, up to {column.MaxLength} characters)")) +
                ": turn it into word and character n-gram counts (or drop it if it only names the row)",
                ("word_ngrams", 2), ("char_ngrams", 3)));
        }
    }
}
