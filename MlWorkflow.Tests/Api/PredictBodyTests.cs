extern alias api;

using System.Text;
using api::MlWorkflow.Api.Deployments.Serving;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Api;

/// <summary>The predict body parser on its own: each input type's accepted JSON, the cell the model reads, and each refusal's key.</summary>
public sealed class PredictBodyTests
{
    private static readonly InputRowSchema s_schema = new(
    [
        new InputColumn("age", ColumnType.Numeric),
        new InputColumn("children", ColumnType.Integer),
        new InputColumn("smoker", ColumnType.Boolean, ["no", "yes"]),
        new InputColumn("member", ColumnType.Boolean),
        new InputColumn("joined", ColumnType.Datetime),
        new InputColumn("embarked", ColumnType.Categorical, ["C", "Q", "S"]),
        new InputColumn("note", ColumnType.Text),
    ]);

    [Fact]
    public void ValuesBecomeTheCellsTheModelReads()
    {
        var body = Parse("""
            {"model": "ignored", "rows": [
              {"age": 29.5, "children": 2, "smoker": true, "member": "Yes", "joined": "2024-05-01T13:45:00Z", "embarked": "S", "note": 7, "extra": [1]},
              {"age": -1E-3, "smoker": 0, "member": false, "embarked": "Z", "note": "caf\u00e9"},
              {"a\u0067e": null, "joined": null, "smoker": "n"}
            ]}
            """);

        Assert.True(body.IsValid, string.Join("; ", body.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        Assert.Equal(["29.5", "2", "yes", "true", "2024-05-01T13:45:00Z", "S", "7"], body.Rows[0]);
        Assert.Equal(["-1E-3", null, "no", "false", null, "Z", "café"], body.Rows[1]);
        Assert.Equal([null, null, "no", null, null, null, null], body.Rows[2]);
    }

    [Theory]
    [InlineData("{\"age\": \"29\"}", "rows[0].age", "Expected a number (e.g. 29.5) or null; got the string \"29\".")]
    [InlineData("{\"age\": \"NaN\"}", "rows[0].age", "got the string \"NaN\"")]
    [InlineData("{\"age\": 1e309}", "rows[0].age", "1e309 is out of range")]
    [InlineData("{\"age\": -4e38}", "rows[0].age", "out of range: the model reads numbers as 32-bit floats")]
    [InlineData("{\"age\": true}", "rows[0].age", "got true")]
    [InlineData("{\"children\": [1]}", "rows[0].children", "got an array")]
    [InlineData("{\"smoker\": \"maybe\"}", "rows[0].smoker", "Expected true or false, or null; got the string \"maybe\".")]
    [InlineData("{\"smoker\": 2}", "rows[0].smoker", "got 2")]
    [InlineData("{\"joined\": \"01/05/2024\"}", "rows[0].joined", "Expected a date such as \"2024-05-01\"")]
    [InlineData("{\"joined\": \"\"}", "rows[0].joined", "Expected a date")]
    [InlineData("{\"embarked\": false}", "rows[0].embarked", "the model knows C, Q, S (another value reads as an unseen category)")]
    [InlineData("{\"note\": {\"a\": 1}}", "rows[0].note", "got an object")]
    [InlineData("{\"age\": 1, \"age\": 2}", "rows[0].age", "'age' is given twice")]
    [InlineData("{\"Age\": 1}", "rows[0]", "none of the model's input columns (age, children, smoker, member, joined, embarked, note)")]
    [InlineData("[1]", "rows[0]", "A row must be an object")]
    public void ABadCellIsKeyedByRowAndColumn(string row, string key, string message)
    {
        var body = Parse($$"""{"rows": [{"age": 1}, {{row}}]}""");

        var expectedKey = key.Replace("rows[0]", "rows[1]", StringComparison.Ordinal);
        Assert.False(body.IsValid);
        Assert.Empty(body.Rows);
        Assert.Equal([expectedKey], body.Errors.Keys);
        Assert.Contains(message, body.Errors[expectedKey][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "body", "not valid JSON")]
    [InlineData("{\"rows\": [", "body", "not valid JSON")]
    [InlineData("{\"rows\": [{\"age\": 1}]} {}", "body", "not valid JSON")]
    [InlineData("{\"rows\": [{\"age\": 1}], /* no */ \"x\": 1}", "body", "not valid JSON")]
    [InlineData("[{\"age\": 1}]", "body", "must be a JSON object")]
    [InlineData("{}", "rows", "'rows' is missing")]
    [InlineData("{\"rows\": 3}", "rows", "must be an array")]
    [InlineData("{\"rows\": []}", "rows", "'rows' is empty")]
    [InlineData("{\"rows\": [{\"age\": 1}], \"rows\": [{\"age\": 2}]}", "rows", "given twice")]
    public void TheBodyItselfMustBeAnObjectWithRows(string json, string key, string message)
    {
        var body = Parse(json);

        Assert.Equal([key], body.Errors.Keys);
        Assert.Contains(message, body.Errors[key][0], StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandRowsAreReadAndOneMoreIsRefusedWithoutReadingOn()
    {
        var most = Parse("{\"rows\": [" + string.Join(',', Enumerable.Repeat("{\"age\": 1}", 10_000)) + "]}");
        var tooMany = Parse("{\"rows\": [" + string.Join(',', Enumerable.Repeat("{\"age\": 1}", 10_001)) + ", {\"age\": \"bad\"}]}");

        Assert.Equal(10_000, most.Rows.Count);
        Assert.Equal(["rows"], tooMany.Errors.Keys);
        Assert.Equal(1, tooMany.ErrorCount);
    }

    private static PredictBody Parse(string json) => PredictBody.Parse(Encoding.UTF8.GetBytes(json), s_schema);
}
