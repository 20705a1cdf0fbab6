using System.Net;
using System.Text;
using System.Text.Json;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class SuggestApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("iris.csv", "target", "multiclass")]
    [InlineData("penguins.csv", "species", "multiclass")]
    [InlineData("titanic.csv", "survived", "binary")]
    [InlineData("cars.csv", "Miles_per_Gallon", "regression")]
    [InlineData("diabetes.csv", "target", "regression")]
    public async Task SuggestionsTargetTheNaturalColumnOfEachSample(string sample, string target, string task)
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, sample);

        var pipeline = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}");
        var models = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}");

        foreach (var suggestion in new[] { pipeline, models })
        {
            Assert.Equal(id, suggestion.GetProperty("datasetId").GetGuid());
            Assert.Equal(target, suggestion.GetProperty("target").GetString());
            Assert.Equal(task, suggestion.GetProperty("task").GetString());
        }
        var steps = pipeline.GetProperty("steps").EnumerateArray().ToList();
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("id").GetString()));
            var op = step.GetProperty("op").GetString()!;
            Assert.True(PipelineOps.All.Contains(op), op);
            Assert.Equal(JsonValueKind.Array, step.GetProperty("columns").ValueKind);
            Assert.Equal(JsonValueKind.Object, step.GetProperty("params").ValueKind);
            Assert.InRange(step.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("rationale").GetString()));
            Assert.True(step.GetProperty("enabled").GetBoolean());
        }
        var recommended = models.GetProperty("models").EnumerateArray().ToList();
        Assert.NotEmpty(recommended);
        foreach (var model in recommended)
        {
            Assert.False(string.IsNullOrWhiteSpace(model.GetProperty("algorithm").GetString()));
            Assert.InRange(model.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(model.GetProperty("rationale").GetString()));
            Assert.True(model.GetProperty("expectedTrainSeconds").GetDouble() > 0);
        }
    }

    [Fact]
    public async Task SuggestionsFollowTheTargetOverride()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");

        var pipeline = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}&target=body_mass_g");
        var models = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}&target=island");
        var automatic = await Uploads.GetJsonAsync(client, $"/api/suggest/pipeline?datasetId={id}&target=");

        Assert.Equal("body_mass_g", pipeline.GetProperty("target").GetString());
        Assert.Equal("regression", pipeline.GetProperty("task").GetString());
        Assert.DoesNotContain(pipeline.GetProperty("steps").EnumerateArray(), step =>
            step.GetProperty("op").GetString() != "drop_missing_target"
            && step.GetProperty("columns").EnumerateArray().Any(c => c.GetString() == "body_mass_g"));
        Assert.Contains(pipeline.GetProperty("steps").EnumerateArray(), step =>
            step.GetProperty("columns").EnumerateArray().Any(c => c.GetString() == "species"));
        Assert.Equal("island", models.GetProperty("target").GetString());
        Assert.Equal("multiclass", models.GetProperty("task").GetString());
        Assert.Equal("species", automatic.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("pipeline", "", "dataset_id_required")]
    [InlineData("models", "?target=species", "dataset_id_required")]
    [InlineData("pipeline", "?datasetId=", "dataset_id_required")]
    [InlineData("pipeline", "?datasetId=42", "dataset_id_invalid")]
    [InlineData("models", "?datasetId=not-a-guid", "dataset_id_invalid")]
    public async Task SuggestWithoutValidDatasetIdReturnsBadRequest(string kind, string query, string code)
    {
        var client = await factory.GetSharedUserClientAsync();

        var response = await client.GetAsync($"/api/suggest/{kind}{query}", Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("pipeline")]
    [InlineData("models")]
    public async Task SuggestForUnknownOrOthersDatasetReturnsNotFound(string kind)
    {
        var owner = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(owner, factory.ConnectionString, "iris.csv");
        await Uploads.GetJsonAsync(owner, $"/api/suggest/{kind}?datasetId={id}");
        using var stranger = await factory.CreateUserClientAsync();

        var others = await stranger.GetAsync($"/api/suggest/{kind}?datasetId={id}", Cancel);
        var unknown = await owner.GetAsync($"/api/suggest/{kind}?datasetId={Guid.NewGuid()}", Cancel);

        await ProblemAssert.IsAsync(others, HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "dataset_not_found");
    }

    [Fact]
    public async Task SuggestWithoutTokenReturnsUnauthorized()
    {
        var response = await factory.CreateClient().GetAsync($"/api/suggest/pipeline?datasetId={Guid.NewGuid()}", Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("pipeline")]
    [InlineData("models")]
    public async Task SuggestBeforeProfileCompletesReturnsConflictNamingTheTask(string kind)
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);

        var response = await client.GetAsync($"/api/suggest/{kind}?datasetId={dataset.GetProperty("id").GetGuid()}", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "profile_not_ready");
        Assert.Equal(taskId, problem.GetProperty("taskId").GetGuid());
        Assert.Contains(taskId.ToString(), problem.GetProperty("detail").GetString());
        Assert.Contains($"/api/task/{taskId}/status", problem.GetProperty("fix").GetString());
    }

    [Fact]
    public async Task SuggestAfterFailedProfileReturnsConflict()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (dataset, taskId) = await Uploads.UploadForTaskAsync(client);
        var worker = HangfireJobs.Simulator(factory, factory.ConnectionString);
        await worker.SetStatusAsync(taskId, WorkflowTaskStatus.Failed);
        await worker.ExecuteAsync("UPDATE datasets SET status = 'Failed' WHERE id = @id", ("id", dataset.GetProperty("id").GetGuid()));

        var response = await client.GetAsync($"/api/suggest/pipeline?datasetId={dataset.GetProperty("id").GetGuid()}", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "profile_failed");
        Assert.Equal(taskId, problem.GetProperty("taskId").GetGuid());
        Assert.Contains("simulated failure", problem.GetProperty("detail").GetString());
        Assert.Contains($"/api/task/{taskId}/retry", problem.GetProperty("fix").GetString());
    }

    [Theory]
    [InlineData("pipeline")]
    [InlineData("models")]
    public async Task SuggestForTargetThatIsNoColumnReturnsBadRequestListingTwentyColumns(string kind)
    {
        var client = await factory.GetSharedUserClientAsync();
        var header = string.Join(',', Enumerable.Range(1, 25).Select(i => $"c{i}"));
        var rows = string.Concat(Enumerable.Range(0, 30).Select(r => "\n" + string.Join(',', Enumerable.Range(1, 25).Select(i => (r * i) % 7))));
        var id = await ProfiledUploads.UploadAsync(client, factory.ConnectionString, Encoding.UTF8.GetBytes(header + rows + "\n"));

        var response = await client.GetAsync($"/api/suggest/{kind}?datasetId={id}&target=C1", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "target_not_a_column");
        var fix = problem.GetProperty("fix").GetString()!;
        Assert.Contains("'C1'", problem.GetProperty("detail").GetString());
        Assert.Contains("'c1', 'c2'", fix);
        Assert.Contains("'c20' and 5 more", fix);
        Assert.DoesNotContain("'c21'", fix);
    }

    [Theory]
    [InlineData("pipeline")]
    [InlineData("models")]
    public async Task SuggestForUnusableTargetReturnsBadRequest(string kind)
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "titanic.csv");

        var response = await client.GetAsync($"/api/suggest/{kind}?datasetId={id}&target=name", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "target_unusable");
        Assert.Contains("'name' cannot be a target", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("(Parameter", problem.GetProperty("detail").GetString());
    }
}
