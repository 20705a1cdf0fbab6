using System.Text.Json;
using System.Text.Json.Nodes;
using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Profiling;

public sealed class DatasetProfileJsonTests
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ProfileSerialisesToTheContractShape()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("penguins.csv");

        var json = JsonNode.Parse(JsonSerializer.Serialize(profile, s_web))!.AsObject();

        Assert.Equal(
            ["rowCount", "columnCount", "missingCells", "duplicateRows", "duplicateRowsIsEstimate", "missingTokens", "columns", "correlations", "correlationMatrices", "targetCandidates", "alerts"],
            json.Select(property => property.Key));
        var species = json["columns"]![0]!.AsObject();
        Assert.Equal(
            ["name", "type", "missing", "missingPct", "distinct", "distinctIsEstimate", "min", "max", "minDate", "maxDate", "mean", "std",
             "quantiles", "skewness", "zeros", "histogram", "topValues", "minLength", "maxLength",
             "infinite", "valueKinds", "dateHistogram", "dateParts"],
            species.Select(property => property.Key));
        Assert.Equal("categorical", (string?)species["type"]);
        Assert.Equal("Adelie", (string?)species["topValues"]![0]!["value"]);
        Assert.Equal("numeric", (string?)json["columns"]![2]!["type"]);
        Assert.Equal("integer", (string?)json["columns"]![7]!["type"]);
        Assert.Equal(344, (long?)json["rowCount"]);
        Assert.Equal(["method", "columns", "matrix"], json["correlations"]!.AsObject().Select(property => property.Key));
        Assert.Equal("auto", (string?)json["correlations"]!["method"]);
        Assert.Equal(["pearson", "spearman", "cramers_v", "correlation_ratio"], json["correlationMatrices"]!.AsArray().Select(matrix => (string?)matrix!["method"]));
        var bill = json["columns"]![2]!.AsObject();
        Assert.Equal(["p01", "p05", "p25", "p50", "p75", "p95", "p99"], bill["quantiles"]!.AsObject().Select(property => property.Key));
        Assert.Equal(["edges", "counts"], bill["histogram"]!.AsObject().Select(property => property.Key));
        Assert.NotNull((double?)bill["skewness"]);
        Assert.Equal(["integer", "float", "boolean", "date", "text"], bill["valueKinds"]!.AsObject().Select(property => property.Key));
        Assert.Equal(0, (long?)bill["infinite"]);
    }

    [Fact]
    public async Task ProfileDatetimeColumnSerialisesDateHistogramAndParts()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");

        var json = JsonNode.Parse(JsonSerializer.Serialize(profile, s_web))!.AsObject();

        var year = json["columns"]!.AsArray().Single(column => (string?)column!["name"] == "Year")!.AsObject();
        Assert.Equal(["edges", "counts"], year["dateHistogram"]!.AsObject().Select(property => property.Key));
        Assert.Equal("1970-01-01T00:00:00", (string?)year["dateHistogram"]!["edges"]![0]);
        Assert.Equal(["minYear", "maxYear", "months", "days", "weekdays", "hours", "minutes", "seconds", "varying"], year["dateParts"]!.AsObject().Select(property => property.Key));
        Assert.Equal("year", (string?)year["dateParts"]!["varying"]![0]);
        Assert.Null(year["histogram"]);
    }

    [Fact]
    public async Task ProfileRoundTripsThroughJson()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");

        var copy = JsonSerializer.Deserialize<DatasetProfile>(JsonSerializer.Serialize(profile, s_web), s_web)!;

        Assert.Equal(JsonSerializer.Serialize(profile, s_web), JsonSerializer.Serialize(copy, s_web));
        Assert.Equal(ColumnType.Datetime, copy.Column("Year").Type);
    }
}
