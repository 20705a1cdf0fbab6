using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Tests.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Suggestions;

public sealed class PipelineSuggesterDateTests
{
    private static string[] Parts(PipelineStep step) => [.. step.Params["parts"].EnumerateArray().Select(part => part.GetString()!)];

    private static ColumnProfile Date(string name, DateParts? parts) => new()
    {
        Name = name,
        Type = ColumnType.Datetime,
        Missing = 0,
        MissingPct = 0,
        Distinct = 50,
        DistinctIsEstimate = false,
        MinDate = "2020-01-01",
        MaxDate = "2024-12-31",
        DateParts = parts,
    };

    [Fact]
    public async Task SuggestCarsYearExtractsTheYearOnly()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");

        var step = Assert.Single(PipelineSuggester.Suggest(profile, null).Steps, step => step.Op == PipelineOps.DateParts);

        Assert.Equal(["Year"], step.Columns);
        Assert.Equal(["year"], Parts(step));
        Assert.Contains("`Year` holds dates from 1970-01-01 to 1982-01-01: only the year varies (month 1, day 1 throughout)", step.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void SuggestDatePartsPerColumnFromThePartsThatVary()
    {
        var daily = Date("signup", new(2020, 2024, [.. Enumerable.Range(1, 12)], [.. Enumerable.Range(1, 31)], [0, 1, 2, 3, 4, 5, 6], null, null, null, ["year", "month", "day", "weekday"]));
        var monthly = Date("billed", new(2020, 2024, [.. Enumerable.Range(1, 12)], [1], [0, 1, 2, 3, 4, 5, 6], null, null, null, ["year", "month", "weekday"]));
        var hourly = Date("seen", new(2024, 2024, [5], [6], [1], [.. Enumerable.Range(0, 24)], [0, 30], [0], ["hour", "minute"]));
        var profile = Profile(100, daily, monthly, hourly, Category("label", 100, ("yes", 60), ("no", 40)));

        var steps = PipelineSuggester.Suggest(profile, "label").Steps.Where(step => step.Op == PipelineOps.DateParts).ToList();

        Assert.Equal(["year", "month", "day", "day_of_week"], Parts(Assert.Single(steps, step => step.Columns.SequenceEqual(["signup"]))));
        // On the 1st of each month the weekday follows from the year and month: not worth a feature.
        Assert.Equal(["year", "month"], Parts(Assert.Single(steps, step => step.Columns.SequenceEqual(["billed"]))));
        Assert.Equal(["hour", "minute"], Parts(Assert.Single(steps, step => step.Columns.SequenceEqual(["seen"]))));
        Assert.Equal(steps.Count, steps.Select(step => step.Id).Distinct().Count());
    }

    [Fact]
    public void SuggestDatePartsWithoutEvidenceFallsBackToTheCalendarParts()
    {
        var profile = Profile(100, Date("signup", null), Category("label", 100, ("yes", 60), ("no", 40)));

        var step = Assert.Single(PipelineSuggester.Suggest(profile, "label").Steps, step => step.Op == PipelineOps.DateParts);

        Assert.Equal(["year", "month", "day", "day_of_week"], Parts(step));
    }
}
