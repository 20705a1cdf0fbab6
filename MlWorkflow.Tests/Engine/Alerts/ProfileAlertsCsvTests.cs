using System.Globalization;
using System.Text;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Alerts;

/// <summary>
/// End to end through the profiler: a clean 200-row table (a roughly normal `height`, a balanced `label`) raises
/// no alert; adding one crafted column, or repeating rows, raises the alert it was made for. The dataset-level
/// "empty" alert needs a file with no rows, which the profiler rejects before any alert (see ProfileAlertsTests).
/// </summary>
public sealed class ProfileAlertsCsvTests
{
    private const int Rows = 200;

    public static TheoryData<string, string> AlertsByColumn => new()
    {
        { AlertTypes.Constant, "country" },
        { AlertTypes.Zeros, "visits" },
        { AlertTypes.HighCorrelation, "height_cm" },
        { AlertTypes.HighCardinality, "city" },
        { AlertTypes.Unsupported, "essay" },
        { AlertTypes.Skewed, "income" },
        { AlertTypes.Imbalance, "rare" },
        { AlertTypes.Missing, "weight" },
        { AlertTypes.Infinite, "ratio" },
        { AlertTypes.Date, "signup" },
        { AlertTypes.Unique, "amount" },
        { AlertTypes.ConstantLength, "sku" },
        { AlertTypes.Uniform, "season" },
        { AlertTypes.Empty, "notes" },
        { AlertTypes.TargetLeakage, "signal" },
        { AlertTypes.DisguisedMissing, "salary" },
        { AlertTypes.Identifier, "customer_id" },
        { AlertTypes.MixedTypes, "reading" },
    };

    [Fact]
    public async Task EvaluateCleanTableIsQuiet()
    {
        var profile = await ProfileTestKit.ProfileAsync(Csv(null));

        Assert.Empty(ProfileAlerts.Evaluate(profile));
        Assert.Empty(ProfileAlerts.Evaluate(profile, "label"));
    }

    [Theory]
    [MemberData(nameof(AlertsByColumn))]
    public async Task EvaluateCraftedColumnRaisesItsAlert(string type, string column)
    {
        var profile = await ProfileTestKit.ProfileAsync(Csv(column));

        var alerts = ProfileAlerts.Evaluate(profile);

        // A pair alert is reported on the pair's first column and names the other in its message.
        Assert.Contains(alerts, alert => alert.Type == type && (alert.Column == column || alert.Message.Contains($"`{column}`", StringComparison.Ordinal)));
        Assert.DoesNotContain(alerts, alert => alert.Column is "label" || (alert.Column is "height" && type != AlertTypes.HighCorrelation));
    }

    [Fact]
    public void EvaluateCraftedColumnsCoverEveryAlertType()
    {
        var types = typeof(AlertTypes).GetFields().Select(field => (string)field.GetRawConstantValue()!).ToHashSet();
        var crafted = AlertsByColumn.Select(row => row.Data.Item1).Append(AlertTypes.Duplicates).ToHashSet();

        Assert.Equal(types.Order(StringComparer.Ordinal), crafted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EvaluateRepeatedRowsRaiseDuplicates()
    {
        var csv = Csv(null);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var profile = await ProfileTestKit.ProfileAsync(csv + string.Join('\n', lines.Skip(1).Take(5)) + "\n");

        var alert = Assert.Single(ProfileAlerts.Evaluate(profile));
        Assert.Equal((AlertTypes.Duplicates, null), (alert.Type, alert.Column));
        Assert.StartsWith("5 rows", alert.Message, StringComparison.Ordinal);
    }

    /// <summary>The clean table, plus the crafted column <paramref name="extra"/> (before `label`, which stays last) when given.</summary>
    private static string Csv(string? extra)
    {
        var random = new Random(7);
        var text = new StringBuilder(extra is null ? "height,label\n" : $"height,{extra},label\n");
        for (var i = 0; i < Rows; i++)
        {
            var height = 170 + 10 * Normal(random);
            var label = random.NextDouble() < 0.55 ? "yes" : "no";
            var cell = extra is null ? "" : Cell(extra, i, height, label, random) + ",";
            text.Append(CultureInfo.InvariantCulture, $"{height:0.######},{cell}{label}\n");
        }
        return text.ToString();
    }

    private static string Cell(string column, int i, double height, string label, Random random) => column switch
    {
        "country" => "FR",
        "visits" => i % 3 == 0 ? "0" : random.Next(1, 40).ToString(CultureInfo.InvariantCulture),
        "height_cm" => (height * 1.0001 + 0.01 * Normal(random)).ToString("0.####", CultureInfo.InvariantCulture),
        "city" => $"city{i / 2}",
        "essay" => new string('a', 1_200 + i),
        "income" => Math.Exp(10 + 1.5 * Normal(random)).ToString("0.##", CultureInfo.InvariantCulture),
        "rare" => i % 20 == 0 ? "b" : "a",
        "weight" => i % 5 == 0 ? "NA" : (70 + 8 * Normal(random)).ToString("0.##", CultureInfo.InvariantCulture),
        "ratio" => i % 25 == 0 ? "inf" : (1 + Normal(random) * 0.1).ToString("0.###", CultureInfo.InvariantCulture),
        "signup" => new DateTime(2020, 1, 1).AddDays(random.Next(0, 1_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "amount" => (i * 37 % Rows * 13 + 1_000).ToString(CultureInfo.InvariantCulture),
        "sku" => $"SK{i % 40:00}",
        "season" => (i % 4) switch { 0 => "winter", 1 => "spring", 2 => "summer", _ => "autumn" },
        "notes" => "",
        "signal" => label == "yes" ? "high" : "low",
        "salary" => i % 10 == 0 ? "-999" : (40_000 + 5_000 * Normal(random)).ToString("0", CultureInfo.InvariantCulture),
        "customer_id" => $"C{i * 7919 % 100_000:00000}",
        "reading" => i % 50 == 0 ? "broken" : (20 + Normal(random)).ToString("0.##", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "No crafted column by that name."),
    };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
