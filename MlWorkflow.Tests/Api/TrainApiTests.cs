using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Training;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary><c>POST /api/train</c> and <c>POST /api/train/{taskId}/stop</c> without a worker: what they check and what they store.</summary>
[Collection(nameof(ApiCollection))]
public sealed class TrainApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartTrainingCreatesPendingTrainTaskWithTheDefaults()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var recommended = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}&target=species");

        var response = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "species" }, Cancel);

        var task = (await PipelineApiTests.ReadAsync(response, HttpStatusCode.Accepted)).GetProperty("task");
        var taskId = task.GetProperty("id").GetGuid();
        Assert.Equal($"/api/task/{taskId}/status", response.Headers.Location?.OriginalString);
        Assert.Equal("train", task.GetProperty("kind").GetString());
        Assert.Equal("pending", task.GetProperty("status").GetString());
        Assert.Equal((id, "penguins"), (task.GetProperty("datasetId").GetGuid(), task.GetProperty("datasetName").GetString()));
        var stored = await ParametersAsync(taskId);
        var parameters = TrainTaskParameters.Parse(stored);
        Assert.Equal(("penguins-species", "species", "multiclass", "macroF1"), (parameters.Name, parameters.Target, parameters.Task, parameters.Metric));
        Assert.Equal(recommended.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("algorithm").GetString()), parameters.Algorithms);
        Assert.Equal((60.0, null, 0, true, id), (parameters.TimeBudgetSeconds, parameters.MaxTrials, parameters.Seed, parameters.Ensemble, parameters.DatasetId));
        Assert.Equal(0, parameters.Steps.GetArrayLength());
        // The worker reads the same text as the Engine's request.
        var request = JsonSerializer.Deserialize<TrainingRequest>(stored, EngineJson.Options)!;
        Assert.Equal(new TrainingRequest("species", "multiclass", "macroF1", parameters.Algorithms, 60), request with { Algorithms = parameters.Algorithms });
    }

    [Fact]
    public async Task StartTrainingKeepsEverythingSent()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var body = JsonNode.Parse($$$"""
            {"datasetId": "{{{id}}}", "target": "year", "task": "regression", "metric": "mae", "algorithms": ["Sdca", "LightGbm"],
             "timeBudgetSeconds": 120.5, "maxTrials": 50, "seed": 42, "ensemble": false, "name": "mass by year",
             "steps": [{"id": "fill", "op": "impute", "columns": ["bill_length_mm"], "params": {"strategy": "median"}}]}
            """);

        var task = (await PipelineApiTests.ReadAsync(await client.PostAsJsonAsync("/api/train", body, Cancel), HttpStatusCode.Accepted)).GetProperty("task");

        var parameters = TrainTaskParameters.Parse(await ParametersAsync(task.GetProperty("id").GetGuid()));
        Assert.Equal(("mass by year", "year", "regression", "mae"), (parameters.Name, parameters.Target, parameters.Task, parameters.Metric));
        Assert.Equal(["Sdca", "LightGbm"], parameters.Algorithms);
        Assert.Equal((120.5, 50, 42, false), (parameters.TimeBudgetSeconds, parameters.MaxTrials, parameters.Seed, parameters.Ensemble));
        var step = Assert.Single(parameters.Steps.Deserialize<List<PipelineStepSpec>>(EngineJson.Options)!);
        Assert.Equal(("fill", "impute", "median"), (step.Id, step.Op, step.Params.GetProperty("strategy").GetString()));
    }

    [Theory]
    [InlineData("""{"task": "binary"}""", "target")]
    [InlineData("""{"target": "nope"}""", "target")]
    [InlineData("""{"target": "species", "task": "regression"}""", "task")]
    [InlineData("""{"target": "species", "task": "ranking"}""", "task")]
    [InlineData("""{"target": "species", "task": "binary"}""", "task")]
    [InlineData("""{"target": "sex", "task": "multiclass"}""", "task")]
    [InlineData("""{"target": "species", "metric": "auc"}""", "metric")]
    [InlineData("""{"target": "species", "algorithms": []}""", "algorithms")]
    [InlineData("""{"target": "species", "algorithms": ["XgBoost"]}""", "algorithms[0]")]
    [InlineData("""{"target": "species", "algorithms": ["LightGbm", "LbfgsLogisticRegression"]}""", "algorithms[1]")]
    [InlineData("""{"target": "species", "algorithms": ["LightGbm", "LightGbm"]}""", "algorithms[1]")]
    [InlineData("""{"target": "species", "timeBudgetSeconds": 4.9}""", "timeBudgetSeconds")]
    [InlineData("""{"target": "species", "timeBudgetSeconds": 86401}""", "timeBudgetSeconds")]
    [InlineData("""{"target": "species", "maxTrials": 0}""", "maxTrials")]
    [InlineData("""{"target": "species", "maxTrials": 10001}""", "maxTrials")]
    [InlineData("""{"target": "species", "name": "   "}""", "name")]
    [InlineData("""{"target": "species", "steps": [{"id": "s", "op": "impute", "columns": ["bill_length_mm"], "params": {"strategy": "banana"}}]}""", "steps[0].params.strategy")]
    [InlineData("""{"target": "species", "steps": [{"id": "s", "op": "one_hot", "columns": ["species"]}]}""", "steps[0].columns")]
    public async Task StartTrainingRefusesEachWrongFieldKeyedByItAndCreatesNoTask(string fields, string key)
    {
        var client = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var body = JsonNode.Parse(fields)!.AsObject();
        body["datasetId"] = id;

        var response = await client.PostAsJsonAsync("/api/train", body, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_training");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(key, out var messages), errors.GetRawText());
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        Assert.Equal(0, (await Uploads.GetJsonAsync(client, "/api/tasks?kind=train")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task StartTrainingRefusesLongNameUnknownFieldAndMissingDatasetWithEveryError()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");

        var longName = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "target", name = new string('n', 201) }, Cancel);
        var unknown = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "target", timeBudget = 30 }, Cancel);
        var missing = await client.PostAsJsonAsync("/api/train", new { target = "target", timeBudgetSeconds = 1, maxTrials = -1 }, Cancel);
        var wrongKindResponse = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "target", timeBudgetSeconds = "soon" }, Cancel);
        var nested = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "target", steps = new[] { new { op = "impute", columns = 5 } } }, Cancel);
        var text = await client.PostAsync("/api/train", new StringContent("{}", Encoding.UTF8, "text/plain"), Cancel);

        Assert.True((await ProblemAssert.IsAsync(longName, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors").TryGetProperty("name", out _));
        var unknownMessage = (await ProblemAssert.IsAsync(unknown, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!;
        Assert.StartsWith("'timeBudget' is not a field here; the fields are datasetId, target,", unknownMessage);
        Assert.Contains("timeBudgetSeconds", unknownMessage);
        var wrongKind = (await ProblemAssert.IsAsync(wrongKindResponse, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors");
        Assert.Equal("This value has the wrong kind: send a number.", wrongKind.GetProperty("timeBudgetSeconds")[0].GetString());
        var nestedErrors = (await ProblemAssert.IsAsync(nested, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors");
        Assert.Equal("This value has the wrong kind: send a list ([...]).", nestedErrors.GetProperty("steps[0].columns")[0].GetString());
        Assert.DoesNotContain("System.", unknownMessage + wrongKind.GetRawText());
        var errors = (await ProblemAssert.IsAsync(missing, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors");
        Assert.Equal(["datasetId", "maxTrials", "timeBudgetSeconds"], errors.EnumerateObject().Select(e => e.Name).Order());
        await ProblemAssert.IsAsync(text, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task StartTrainingRefusesTargetsWithOneClassOrThatCannotBeOne()
    {
        var client = await factory.GetSharedUserClientAsync();
        var csv = new StringBuilder("x,kind,note,label\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append(i).Append(",same,").Append($"free text about row {i} and more words {i * 7},").Append(i % 2 == 0 ? "yes" : "no").Append('\n');
        }
        var id = await ProfiledUploads.UploadAsync(client, factory.ConnectionString, Encoding.UTF8.GetBytes(csv.ToString()));

        var single = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "kind" }, Cancel);
        var note = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "note" }, Cancel);
        var regression = await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "label", task = "regression" }, Cancel);

        var message = (await ProblemAssert.IsAsync(single, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors").GetProperty("target")[0].GetString();
        Assert.Contains("single class", message, StringComparison.Ordinal);
        Assert.Contains("cannot be a target",
            (await ProblemAssert.IsAsync(note, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors").GetProperty("target")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("regression predicts a number",
            (await ProblemAssert.IsAsync(regression, HttpStatusCode.BadRequest, "invalid_training")).GetProperty("errors").GetProperty("task")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTrainingAnswersNotFoundForOthersDatasetsAndConflictBeforeTheProfile()
    {
        var client = await factory.GetSharedUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        var (unprofiled, _) = await Uploads.UploadForTaskAsync(client);

        var notOwned = await other.PostAsJsonAsync("/api/train", new { datasetId = id, target = "target" }, Cancel);
        var unknown = await client.PostAsJsonAsync("/api/train", new { datasetId = Guid.NewGuid(), target = "target" }, Cancel);
        var waiting = await client.PostAsJsonAsync("/api/train", new { datasetId = unprofiled.GetProperty("id").GetGuid(), target = "y" }, Cancel);

        await ProblemAssert.IsAsync(notOwned, HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(waiting, HttpStatusCode.Conflict, "profile_not_ready");
    }

    [Fact]
    public async Task StopMarksARunningTrainTaskOnceAndRefusesOthers()
    {
        var client = await factory.GetSharedUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        var task = (await PipelineApiTests.ReadAsync(
            await client.PostAsJsonAsync("/api/train", new { datasetId = id, target = "target" }, Cancel), HttpStatusCode.Accepted)).GetProperty("task");
        var taskId = task.GetProperty("id").GetGuid();
        await ExecuteAsync($"UPDATE tasks SET status = 'running', started_at = now() WHERE id = '{taskId}'");

        var stopped = await client.PostAsync($"/api/train/{taskId}/stop", null, Cancel);
        var first = await StopRequestedAtAsync(taskId);
        var again = await client.PostAsync($"/api/train/{taskId}/stop", null, Cancel);
        var notOwned = await other.PostAsync($"/api/train/{taskId}/stop", null, Cancel);
        var unknown = await client.PostAsync($"/api/train/{Guid.NewGuid()}/stop", null, Cancel);
        var profileTask = await ProfiledUploads.ProfileTaskIdAsync(client, id);
        var notTrain = await client.PostAsync($"/api/train/{profileTask}/stop", null, Cancel);

        var body = await PipelineApiTests.ReadAsync(stopped, HttpStatusCode.Accepted);
        Assert.Equal(("train", "running", "iris"), (body.GetProperty("kind").GetString(), body.GetProperty("status").GetString(),
            body.GetProperty("datasetName").GetString()));
        Assert.Equal($"/api/task/{taskId}/status", stopped.Headers.Location?.OriginalString);
        Assert.NotNull(first);
        await PipelineApiTests.ReadAsync(again, HttpStatusCode.Accepted);
        Assert.Equal(first, await StopRequestedAtAsync(taskId));
        await ProblemAssert.IsAsync(notOwned, HttpStatusCode.NotFound, "task_not_found");
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "task_not_found");
        await ProblemAssert.IsAsync(notTrain, HttpStatusCode.Conflict, "not_a_train_task");
        Assert.Null(await StopRequestedAtAsync(profileTask));

        await ExecuteAsync($"UPDATE tasks SET status = 'completed', finished_at = now() WHERE id = '{taskId}'");
        await ProblemAssert.IsAsync(await client.PostAsync($"/api/train/{taskId}/stop", null, Cancel), HttpStatusCode.Conflict, "task_finished");
    }

    private async Task<string> ParametersAsync(Guid taskId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand($"SELECT parameters::text FROM tasks WHERE id = '{taskId}'", connection);
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<DateTimeOffset?> StopRequestedAtAsync(Guid taskId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand($"SELECT stop_requested_at FROM tasks WHERE id = '{taskId}'", connection);
        return await command.ExecuteScalarAsync(Cancel) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }
}
