using MlWorkflow.Engine.Profiling;
using static MlWorkflow.Engine.Alerts.ColumnEvidence;
using static MlWorkflow.Engine.Suggestions.StepFactory;

namespace MlWorkflow.Engine.Suggestions;

/// <summary>Turns categories, dates and text into numbers.</summary>
internal static class EncodingSteps
{
    /// <summary>Categorical columns with at most this many values are one-hot encoded; more get an ordinal code.</summary>
    public const int OneHotMaxCategories = 15;

    private static string DateEvidence(ColumnProfile column)
    {
        var parts = column.DatePartsEvidence();
        return $"{Quote(column.Name)} holds dates from {column.MinDate} to {column.MaxDate}{(parts.Length == 0 ? "" : $": {parts}")}";
    }

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
        // One step per set of parts, so each column gets only the parts that vary in it (cars `Year`: the year).
        var dates = features.Where(column => column.Type == ColumnType.Datetime)
            .Select(column => (Column: column, Parts: column.UsefulDateParts()))
            .Where(date => date.Parts.Count > 0)
            .GroupBy(date => string.Join(',', date.Parts));
        foreach (var group in dates)
        {
            var members = group.ToList();
            var parts = members[0].Parts;
            steps.Add(Step(PipelineOps.DateParts, members.Select(date => date.Column.Name), members.All(date => date.Column.DateParts is not null) ? 0.85 : 0.7,
                string.Join("; ", members.Select(date => DateEvidence(date.Column))) +
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
