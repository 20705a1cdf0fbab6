using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace MlWorkflow.Tests.Api;

/// <summary>Every rule of PUT /api/datasets/{id}/pipeline: a 400 naming the field like steps[3].columns, and nothing saved.</summary>
[Collection(nameof(ApiCollection))]
public sealed class PipelineValidationTests(MlWorkflowApiFactory factory)
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static (HttpClient Client, Guid Id, JsonObject Body)? s_penguins;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Cases => new()
    {
        { "target missing", "target" },
        { "target not a column", "target" },
        { "steps missing", "steps" },
        { "steps empty", "steps" },
        { "201 steps", "steps" },
        { "step null", "steps[1]" },
        { "id missing", "steps[0].id" },
        { "id blank", "steps[0].id" },
        { "id of 101 characters", "steps[0].id" },
        { "id repeated", "steps[1].id" },
        { "op missing", "steps[0].op" },
        { "op unknown", "steps[0].op" },
        { "columns missing", "steps[0].columns" },
        { "column unknown", "steps[0].columns" },
        { "column null", "steps[0].columns" },
        { "column repeated", "steps[0].columns" },
        { "impute without columns", "steps[0].columns" },
        { "scaling the target", "steps[0].columns" },
        { "drop_missing_target on a feature", "steps[0].columns" },
        { "params an array", "steps[0].params" },
        { "params over 16 KB", "steps[0].params" },
        { "confidence above 1", "steps[0].confidence" },
        { "confidence below 0", "steps[0].confidence" },
        { "rationale of 2001 characters", "steps[0].rationale" },
        { "confidence not a number", "steps[0].confidence" },
        { "impute strategy unknown", "steps[0].params.strategy" },
        { "impute mean of a category", "steps[0].params.strategy" },
        { "impute constant without fill_value", "steps[0].params.fill_value" },
        { "clip quantile above 1", "steps[0].params.upper_quantile" },
        { "date_parts on a number", "steps[0].columns" },
        { "scaler with a parameter", "steps[0].params.with_mean" },
        { "row op after a column op", "steps[1].op" },
        { "column used after one_hot", "steps[1].columns" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvalidPipelineReturnsBadRequestNamingTheField(string mistake, string key)
    {
        var (client, id, valid) = await PenguinsAsync();
        var body = valid.DeepClone().AsObject();
        Break(mistake, body);

        var response = await client.PutAsync($"/api/datasets/{id}/pipeline",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_pipeline");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(key, out var messages), $"{mistake}: no '{key}' in {errors}");
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        Assert.False((await Uploads.GetJsonAsync(client, $"/api/datasets/{id}")).GetProperty("hasPipeline").GetBoolean());
    }

    [Fact]
    public async Task PipelineWithUnusableTargetReturnsBadRequest()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "titanic.csv");
        var body = new { target = "name", steps = new[] { new { id = "a", op = "impute", columns = new[] { "age" } } } };

        var response = await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", body, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_pipeline");
        Assert.Contains("cannot be a target", problem.GetProperty("errors").GetProperty("target")[0].GetString());
    }

    [Fact]
    public async Task ValidPipelineOfTheSameShapeIsAccepted()
    {
        var client = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var body = await PipelineApiTests.SuggestedBodyAsync(client, id);
        body["steps"]!.AsArray().Add(new JsonObject
        {
            ["id"] = new string('x', 100), ["op"] = "drop_columns", ["columns"] = new JsonArray("year"),
            ["params"] = new JsonObject { ["reason"] = new string('p', 16_000) }, ["confidence"] = 1, ["rationale"] = new string('r', 2_000),
        });
        body["steps"]!.AsArray().Insert(0, new JsonObject { ["id"] = "dups", ["op"] = "drop_duplicates", ["columns"] = new JsonArray(), ["params"] = null });
        body["steps"]!.AsArray().Insert(1, new JsonObject { ["id"] = "target", ["op"] = "drop_missing_target", ["columns"] = new JsonArray("species") });

        var response = await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", body, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void Break(string mistake, JsonObject body)
    {
        var steps = body["steps"]!.AsArray();
        var step = steps[0]!.AsObject();
        switch (mistake)
        {
            case "target missing": body.Remove("target"); break;
            case "target not a column": body["target"] = "Species"; break;
            case "steps missing": body.Remove("steps"); break;
            case "steps empty": steps.Clear(); break;
            case "201 steps":
                for (var i = steps.Count; i < 201; i++)
                {
                    steps.Add(new JsonObject { ["id"] = $"s{i}", ["op"] = "standard_scale", ["columns"] = new JsonArray("bill_length_mm") });
                }
                break;
            case "step null": steps.Insert(1, null); break;
            case "id missing": step.Remove("id"); break;
            case "id blank": step["id"] = "  "; break;
            case "id of 101 characters": step["id"] = new string('i', 101); break;
            case "id repeated": steps[1]!["id"] = step["id"]!.GetValue<string>(); break;
            case "op missing": step.Remove("op"); break;
            case "op unknown": step["op"] = "normalize"; break;
            case "columns missing": step.Remove("columns"); break;
            case "column unknown": step["op"] = "impute"; step["columns"] = new JsonArray("bill_length_mm", "wingspan"); break;
            case "column null": step["op"] = "impute"; step["columns"] = new JsonArray("bill_length_mm", null); break;
            case "column repeated": step["op"] = "impute"; step["columns"] = new JsonArray("bill_length_mm", "bill_length_mm"); break;
            case "impute without columns": step["op"] = "impute"; step["columns"] = new JsonArray(); break;
            case "scaling the target": step["op"] = "standard_scale"; step["columns"] = new JsonArray("bill_length_mm", "species"); break;
            case "drop_missing_target on a feature": step["op"] = "drop_missing_target"; step["columns"] = new JsonArray("sex"); break;
            case "params an array": step["params"] = new JsonArray(1, 2); break;
            case "params over 16 KB": step["params"] = new JsonObject { ["pad"] = new string('p', 16_400) }; break;
            case "confidence above 1": step["confidence"] = 1.5; break;
            case "confidence below 0": step["confidence"] = -0.1; break;
            case "rationale of 2001 characters": step["rationale"] = new string('r', 2_001); break;
            case "confidence not a number": step["confidence"] = "high"; break;
            case "impute strategy unknown": steps[0] = Step("impute", "bill_length_mm", new() { ["strategy"] = "banana" }); break;
            case "impute mean of a category": steps[0] = Step("impute", "sex", new() { ["strategy"] = "mean" }); break;
            case "impute constant without fill_value": steps[0] = Step("impute", "sex", new() { ["strategy"] = "constant" }); break;
            case "clip quantile above 1": steps[0] = Step("clip_outliers", "bill_length_mm", new() { ["upper_quantile"] = 1.5 }); break;
            case "date_parts on a number": steps[0] = Step("date_parts", "year", new() { ["parts"] = new JsonArray("year") }); break;
            case "scaler with a parameter": steps[0] = Step("standard_scale", "bill_length_mm", new() { ["with_mean"] = false }); break;
            case "row op after a column op":
                steps[0] = Step("standard_scale", "bill_length_mm", []);
                steps.Insert(1, new JsonObject { ["id"] = "dups", ["op"] = "drop_duplicates", ["columns"] = new JsonArray() });
                break;
            case "column used after one_hot":
                steps[0] = Step("one_hot", "island", []);
                steps.Insert(1, Step("impute", "island", new() { ["strategy"] = "most_frequent" }, "again"));
                break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, "No such case.");
        }
    }

    private static JsonObject Step(string op, string column, JsonObject parameters, string id = "edited") =>
        new() { ["id"] = id, ["op"] = op, ["columns"] = new JsonArray(column), ["params"] = parameters };

    /// <summary>One profiled penguins dataset for all cases (none of them may save a pipeline on it).</summary>
    private async Task<(HttpClient Client, Guid Id, JsonObject Body)> PenguinsAsync()
    {
        await s_gate.WaitAsync(Cancel);
        try
        {
            if (s_penguins is null)
            {
                var client = await factory.CreateUserClientAsync();
                var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
                s_penguins = (client, id, await PipelineApiTests.SuggestedBodyAsync(client, id));
            }
            return s_penguins.Value;
        }
        finally
        {
            s_gate.Release();
        }
    }
}
