using System.Text;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Alerts;

/// <summary>
/// A credit-like table where "none", "?" and -999 are written in place of some values: with the default (pandas')
/// missing values they stay values, the columns keep their categories, and a disguised_missing alert names each
/// placeholder and how to count it as missing.
/// </summary>
public sealed class DisguisedMissingCsvTests
{
    private const int Rows = 300;

    /// <summary>own_telephone: 60% "none"; other_parties: 90% "none"; job: 6% "?"; savings: -999 (its minimum) 5%.</summary>
    private static string CreditCsv()
    {
        var random = new Random(11);
        var csv = new StringBuilder("duration,own_telephone,other_parties,job,savings,class\n");
        string[] jobs = ["skilled", "unskilled resident", "high qualif/self emp/mgmt"];
        for (var row = 0; row < Rows; row++)
        {
            var parties = row % 10 == 0 ? (row % 20 == 0 ? "guarantor" : "co-applicant") : "none";
            var job = row % 17 == 0 ? "?" : jobs[random.Next(jobs.Length)];
            var savings = row % 20 == 3 ? -999 : random.Next(0, 5_000);
            csv.Append($"{random.Next(4, 72)},{(row % 5 < 3 ? "none" : "yes")},{parties},{job},{savings},{(random.Next(10) < 7 ? "good" : "bad")}\n");
        }
        return csv.ToString();
    }

    [Fact]
    public async Task ProfilePlaceholdersStayValuesWithTheirCategories()
    {
        var profile = await ProfileTestKit.ProfileAsync(CreditCsv());

        Assert.Equal(0, profile.MissingCells);
        Assert.Equal(ColumnType.Categorical, profile.Column("own_telephone").Type);
        Assert.Equal(ColumnType.Categorical, profile.Column("other_parties").Type);
        Assert.Equal(ColumnType.Categorical, profile.Column("job").Type);
        Assert.Equal(ColumnType.Integer, profile.Column("savings").Type);
        Assert.Equal((2L, 3L), (profile.Column("own_telephone").Distinct, profile.Column("other_parties").Distinct));
        Assert.Equal(new TopValue("none", 270), profile.Column("other_parties").TopValues![0]);
    }

    [Theory]
    [InlineData("own_telephone", "\"none\" ×180", "[\"\",\"NA\",\"none\"]")]
    [InlineData("other_parties", "\"none\" ×270", "[\"\",\"NA\",\"none\"]")]
    [InlineData("job", "\"?\" ×18", "[\"\",\"NA\",\"?\"]")]
    [InlineData("savings", "\"-999\" ×15", "[\"\",\"NA\",\"-999\"]")]
    public async Task EvaluatePlaceholderNamesItAndTheUploadFieldThatCountsItMissing(string column, string placeholder, string tokens)
    {
        var profile = await ProfileTestKit.ProfileAsync(CreditCsv());

        var alert = Assert.Single(ProfileAlerts.Evaluate(profile), alert => alert.Type == AlertTypes.DisguisedMissing && alert.Column == column);

        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Contains(placeholder, alert.Message, StringComparison.Ordinal);
        Assert.Contains("upload the file again with the form field missingTokens, a JSON array", alert.Message, StringComparison.Ordinal);
        Assert.Contains($"e.g. missingTokens={tokens}.", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileAlerts.Evaluate(profile), alert => alert.Type is AlertTypes.Missing or AlertTypes.Constant);
    }

    [Fact]
    public async Task SuggestKeepsAndEncodesThePlaceholderColumns()
    {
        var profile = await ProfileTestKit.ProfileAsync(CreditCsv());

        var pipeline = PipelineSuggester.Suggest(profile, "class");

        string[] placeholderColumns = ["own_telephone", "other_parties", "job", "savings"];
        Assert.DoesNotContain(pipeline.Steps, step => step.Op is PipelineOps.DropColumns or PipelineOps.Impute && step.Columns.Intersect(placeholderColumns).Any());
        Assert.All(["own_telephone", "other_parties", "job"], column => Assert.Contains(pipeline.Steps, step => step.Op == PipelineOps.OneHot && step.Columns.Contains(column)));
    }

    [Fact]
    public async Task ProfileWithPlaceholdersInTheUploadsTokensCountsThemMissing()
    {
        var profile = await ProfileTestKit.ProfileAsync(CreditCsv(), new ProfileOptions { MissingTokens = ["", "NA", "none", "?"] });

        Assert.Equal((180L, 270L, 18L), (profile.Column("own_telephone").Missing, profile.Column("other_parties").Missing, profile.Column("job").Missing));
        Assert.Equal(ColumnType.Constant, profile.Column("own_telephone").Type);
        Assert.DoesNotContain(ProfileAlerts.Evaluate(profile), alert => alert.Type == AlertTypes.DisguisedMissing && alert.Column != "savings");
    }
}
