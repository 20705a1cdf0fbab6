using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Tests.Api;

/// <summary>What the predict endpoint refuses, each with the field at fault; a refused request logs nothing and counts as an error.</summary>
[Collection(nameof(ApiCollection))]
public sealed class PredictValidationTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // One small, quick model for every case here: the checks are the subject, not the model.
    private static Task<TrainedPackage> TitanicAsync() =>
        ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 1, MlNetTrainers.LbfgsLogisticRegression);

    [Fact]
    public async Task BadCellsAreListedByRowAndColumnWithWhatWasExpected()
    {
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());
        var rows = new JsonNode?[]
        {
            new JsonObject { ["sex"] = "female", ["age"] = 29, ["passengerClass"] = "1st" },
            new JsonObject { ["sex"] = true, ["age"] = 3 },
            "not a row",
            new JsonObject { ["sex"] = "male", ["age"] = "NaN" },
            new JsonObject { ["Sex"] = "male", ["AGE"] = 3 },
            new JsonObject { ["age"] = new JsonObject { ["value"] = 3 } },
        };
        var body = new JsonObject { ["rows"] = new JsonArray(rows) }.ToJsonString()
            + "";
        // Numbers past the float range and a repeated column cannot be written by JsonObject: spliced in as text.
        body = body.Replace("\"age\":29", "\"age\":1e39", StringComparison.Ordinal).Replace("{\"sex\":\"male\",\"age\":\"NaN\"}",
            "{\"sex\":\"male\",\"age\":\"NaN\",\"passengerClass\":\"2nd\",\"passengerClass\":\"3rd\"}", StringComparison.Ordinal);

        var problem = await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, body), HttpStatusCode.BadRequest, "invalid_rows");

        var errors = problem.GetProperty("errors");
        Assert.Equal(["rows[0].age", "rows[1].sex", "rows[2]", "rows[3].age", "rows[3].passengerClass", "rows[4]", "rows[5].age"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("out of range", Message(errors, "rows[0].age"), StringComparison.Ordinal);
        Assert.Contains("a string or null; the model knows female, male", Message(errors, "rows[1].sex"), StringComparison.Ordinal);
        Assert.Contains("got true", Message(errors, "rows[1].sex"), StringComparison.Ordinal);
        Assert.Contains("Expected a number (e.g. 29.5) or null; got the string \"NaN\"", Message(errors, "rows[3].age"), StringComparison.Ordinal);
        Assert.Contains("given twice", Message(errors, "rows[3].passengerClass"), StringComparison.Ordinal);
        Assert.Contains("none of the model's input columns", Message(errors, "rows[4]"), StringComparison.Ordinal);
        Assert.Contains("got an object", Message(errors, "rows[5].age"), StringComparison.Ordinal);
        Assert.Equal("7 problems in the request; 'errors' lists them by row and column.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheBodyMustBeJsonWithOneToTenThousandRows()
    {
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());
        var row = "{\"sex\":\"male\",\"age\":40}";

        using var text = new StringContent("{\"rows\":[]}", Encoding.UTF8, "text/plain");
        await ProblemAssert.IsAsync(await client.PostAsync(Path(deploymentId), text, Cancel), HttpStatusCode.UnsupportedMediaType, "not_json");
        await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, ""), HttpStatusCode.BadRequest, "empty_body");
        var notJson = await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, "{\"rows\": [{\"age\": 3},"), HttpStatusCode.BadRequest, "invalid_rows");
        Assert.Contains("not valid JSON", Message(notJson.GetProperty("errors"), "body"), StringComparison.Ordinal);
        var trailing = await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, $"{{\"rows\":[{row}]}} x"), HttpStatusCode.BadRequest, "invalid_rows");
        Assert.True(trailing.GetProperty("errors").TryGetProperty("body", out _));
        foreach (var (body, expected) in new[]
        {
            ("[]", "body"), ("{}", "rows"), ("{\"rows\": []}", "rows"), ("{\"rows\": {}}", "rows"), ("{\"rows\": null}", "rows"),
        })
        {
            var problem = await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, body), HttpStatusCode.BadRequest, "invalid_rows");
            Assert.True(problem.GetProperty("errors").TryGetProperty(expected, out _), $"{body}: {problem}");
        }
        var tooMany = await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, Rows(row, 10_001)), HttpStatusCode.BadRequest, "invalid_rows");
        Assert.Contains("more than 10,000 rows", Message(tooMany.GetProperty("errors"), "rows"), StringComparison.Ordinal);

        using var most = await PostAsync(client, deploymentId, Rows(row, 10_000));
        Assert.Equal(HttpStatusCode.OK, most.StatusCode);
        var answered = await most.Content.ReadFromJsonAsync<JsonObject>(Cancel);
        Assert.Equal(10_000, answered!["predictions"]!.AsArray().Count);
    }

    [Fact]
    public async Task ManyBadCellsAreCountedAndTheFirstHundredListed()
    {
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());

        var problem = await ProblemAssert.IsAsync(await PostAsync(client, deploymentId, Rows("{\"age\":\"x\"}", 250)), HttpStatusCode.BadRequest, "invalid_rows");

        Assert.Equal(100, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal("250 problems in the request; 'errors' lists the first 100.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RefusedRequestsLogNothingAndCountAsErrors()
    {
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, await TitanicAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, deploymentId, "{\"rows\":[{\"age\":\"old\"}]}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, deploymentId, "{\"rows\":[]}")).StatusCode);
        using var text = new StringContent("age=3", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync(Path(deploymentId), text, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, deploymentId, "{\"rows\":[{\"age\":50}]}")).StatusCode);

        await ServedModels.EventuallyAsync(async () => await Stats(deploymentId, "requests") == 4, "the four requests are counted");
        Assert.Equal((3L, 1L), (await Stats(deploymentId, "errors"), await Stats(deploymentId, "rows")));
        await ServedModels.EventuallyAsync(async () => await LoggedRows(deploymentId) == 1, "the one good row is logged");
        Assert.Equal(0, await ServedModels.ScalarAsync(factory.ConnectionString,
            "SELECT count(*) FROM prediction_logs WHERE deployment_id = $1 AND inputs ->> 'age' = 'old'", deploymentId));
    }

    private Task<long> Stats(Guid deploymentId, string column) =>
        ServedModels.ScalarAsync(factory.ConnectionString, $"SELECT coalesce(sum({column}), 0) FROM deployment_stats WHERE deployment_id = $1", deploymentId);

    private Task<long> LoggedRows(Guid deploymentId) =>
        ServedModels.ScalarAsync(factory.ConnectionString, "SELECT count(*) FROM prediction_logs WHERE deployment_id = $1", deploymentId);

    private static string Path(Guid deploymentId) => $"/api/deployments/{deploymentId}/predict";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Guid deploymentId, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync(Path(deploymentId), content, Cancel);
    }

    private static string Rows(string row, int count) => "{\"rows\":[" + string.Join(',', Enumerable.Repeat(row, count)) + "]}";

    private static string Message(System.Text.Json.JsonElement errors, string key) => errors.GetProperty(key)[0].GetString()!;
}
