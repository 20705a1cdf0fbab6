using MlWorkflow.Engine.Alerts;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Alerts;

public sealed class ProfileAlertsSampleTests
{
    [Theory]
    [InlineData("penguins.csv", AlertTypes.Missing, "sex")]
    [InlineData("titanic.csv", AlertTypes.Identifier, "name")]
    [InlineData("titanic.csv", AlertTypes.Missing, "age")]
    [InlineData("cars.csv", AlertTypes.Date, "Year")]
    [InlineData("cars.csv", AlertTypes.Missing, "Miles_per_Gallon")]
    [InlineData("iris.csv", AlertTypes.Uniform, "target")]
    public async Task EvaluateSampleRaisesTheExpectedAlert(string file, string type, string column)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var alerts = ProfileAlerts.Evaluate(profile);

        Assert.Contains(alerts, alert => alert.Type == type && alert.Column == column);
        Assert.Equal(alerts.OrderBy(alert => AlertSeverity.Rank(alert.Severity)).Select(alert => alert.Severity), alerts.Select(alert => alert.Severity));
        Assert.All(alerts, alert => Assert.False(string.IsNullOrWhiteSpace(alert.Message)));
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task EvaluateSampleRaisesNoErrorsOrFalseIdentifiers(string file)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);

        var alerts = ProfileAlerts.Evaluate(profile);

        Assert.DoesNotContain(alerts, alert => alert.Severity == AlertSeverity.Error);
        Assert.DoesNotContain(alerts, alert => alert.Type is AlertTypes.Empty or AlertTypes.Constant or AlertTypes.Infinite or AlertTypes.MixedTypes);
    }

    [Fact]
    public async Task EvaluateCarsDateAlertNamesThePartThatVaries()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");

        var alert = Assert.Single(ProfileAlerts.Evaluate(profile), alert => alert.Type == AlertTypes.Date);

        Assert.EndsWith("only the year varies (month 1, day 1 throughout): split it into year for training.", alert.Message, StringComparison.Ordinal);
    }
}
