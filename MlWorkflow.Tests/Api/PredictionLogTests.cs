extern alias api;

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Suggestions;
using Npgsql;
using PredictionLogRetention = api::MlWorkflow.Api.Deployments.Serving.PredictionLogRetention;

namespace MlWorkflow.Tests.Api;

/// <summary>Every predicted row reaches the prediction log and the per-minute stats, off the request path; a full queue counts what it could not take.</summary>
[Collection(nameof(ApiCollection))]
public sealed class PredictionLogTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<TrainedPackage> TitanicAsync() =>
        ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 1, MlNetTrainers.LbfgsLogisticRegression);

    [Fact]
    public async Task PredictedRowsAreLoggedWithTheirInputsAndOutputAndCountedPerMinute()
    {
        var trained = await TitanicAsync();
        var (client, model, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);
        var stranger = await factory.CreateUserClientAsync();

        var first = await ServedModels.PredictOkAsync(client, deploymentId,
            [new JsonObject { ["sex"] = "female", ["age"] = 29.5, ["passengerClass"] = "1st", ["name"] = "not used" }]);
        await ServedModels.PredictOkAsync(client, deploymentId, Enumerable.Range(0, 7).Select(trained.JsonRow));
        await ServedModels.PredictOkAsync(client, deploymentId, [new JsonObject { ["sex"] = "male", ["age"] = null }]);
        Assert.Equal(HttpStatusCode.NotFound, (await ServedModels.PredictAsync(stranger, deploymentId, [trained.JsonRow(0)])).StatusCode);

        await ServedModels.EventuallyAsync(async () => await Count(deploymentId) == 9, "9 rows in the prediction log");
        await ServedModels.EventuallyAsync(async () => await Stats(deploymentId, "requests") == 3, "3 requests counted");
        var (inputs, output, modelId) = await FirstLoggedAsync(deploymentId);
        Assert.Equal("""{"age": 29.5, "sex": "female", "passengerClass": "1st"}""", inputs);
        var prediction = first.GetProperty("predictions")[0];
        var logged = JsonDocument.Parse(output).RootElement;
        Assert.Equal(prediction.GetProperty("label").GetString(), logged.GetProperty("label").GetString());
        Assert.Equal(prediction.GetProperty("probabilities").GetProperty("yes").GetDouble(), logged.GetProperty("probabilities").GetProperty("yes").GetDouble());
        Assert.Equal(model.Id, modelId);
        Assert.Equal(1, await ServedModels.ScalarAsync(factory.ConnectionString,
            "SELECT count(*) FROM prediction_logs WHERE deployment_id = $1 AND inputs = '{\"sex\": \"male\"}'::jsonb", deploymentId));
        Assert.Equal((0L, 9L, 0L), (await Stats(deploymentId, "errors"), await Stats(deploymentId, "rows"), await Stats(deploymentId, "unlogged_rows")));
        Assert.Equal(3, await ServedModels.ScalarAsync(factory.ConnectionString,
            "SELECT coalesce(sum(x), 0) FROM deployment_stats, unnest(latency) x WHERE deployment_id = $1", deploymentId));

        // A later flush adds to the minute's row: counts and histogram buckets sum.
        await ServedModels.PredictOkAsync(client, deploymentId, [trained.JsonRow(1)]);
        await ServedModels.EventuallyAsync(async () => await Stats(deploymentId, "requests") == 4, "4 requests counted");
        Assert.Equal(4, await ServedModels.ScalarAsync(factory.ConnectionString,
            "SELECT coalesce(sum(x), 0) FROM deployment_stats, unnest(latency) x WHERE deployment_id = $1", deploymentId));
        var read = await Uploads.GetJsonAsync(client, $"/api/deployments/{deploymentId}");
        Assert.Equal(4, read.GetProperty("stats").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task AFullQueueCountsTheRowsItCouldNotTakeAndTheBodyLimitAnswers413()
    {
        await using var small = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Serving:LogQueueRows", "5")
            .UseSetting("Serving:MaxBodyBytes", "4096"));
        var client = small.CreateClient();
        var user = await factory.CreateUserClientAsync();
        client.DefaultRequestHeaders.Authorization = user.DefaultRequestHeaders.Authorization;
        var trained = await TitanicAsync();
        var model = await ServedModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(user), trained, "queue");
        var deploymentId = await ServedModels.DeployAsync(user, model.Id);

        await ServedModels.PredictOkAsync(client, deploymentId, Enumerable.Range(0, 3).Select(trained.JsonRow));
        await ServedModels.PredictOkAsync(client, deploymentId, Enumerable.Range(0, 10).Select(trained.JsonRow));
        using var large = new StringContent("{\"rows\":[" + string.Join(',', Enumerable.Repeat("{\"age\":1}", 500)) + "]}", Encoding.UTF8, "application/json");
        await ProblemAssert.IsAsync(await client.PostAsync($"/api/deployments/{deploymentId}/predict", large, Cancel),
            HttpStatusCode.RequestEntityTooLarge, "body_too_large");

        await ServedModels.EventuallyAsync(async () => await Stats(deploymentId, "requests") == 3, "3 requests counted");
        Assert.Equal((10L, 13L, 1L), (await Stats(deploymentId, "unlogged_rows"), await Stats(deploymentId, "rows"), await Stats(deploymentId, "errors")));
        await ServedModels.EventuallyAsync(async () => await Count(deploymentId) == 3, "the 3 rows that fitted are logged");
    }

    [Fact]
    public async Task StatsCountedAndRowsQueuedAreWrittenOnShutdown()
    {
        var trained = await TitanicAsync();
        var user = await factory.CreateUserClientAsync();
        var model = await ServedModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(user), trained, "shutdown");
        var deploymentId = await ServedModels.DeployAsync(user, model.Id);
        // No periodic flush in this replica's lifetime: only the one on the way out can write its stats.
        var replica = factory.WithWebHostBuilder(builder => builder.UseSetting("Serving:StatsFlushInterval", "00:10:00"));
        var client = replica.CreateClient();
        client.DefaultRequestHeaders.Authorization = user.DefaultRequestHeaders.Authorization;
        await ServedModels.PredictOkAsync(client, deploymentId, Enumerable.Range(0, 4).Select(trained.JsonRow));
        await ServedModels.PredictOkAsync(client, deploymentId, Enumerable.Range(4, 2).Select(trained.JsonRow));

        await replica.DisposeAsync();

        Assert.Equal((2L, 6L), (await Stats(deploymentId, "requests"), await Stats(deploymentId, "rows")));
        Assert.Equal(6, await Count(deploymentId));
    }

    [Fact]
    public async Task TheRetentionSweepDeletesRowsPastTheirDeploymentsRetention()
    {
        var trained = await TitanicAsync();
        var (_, model, shortLived) = await ServedModels.DeployNewAsync(factory, trained);
        var (_, otherModel, longLived) = await ServedModels.DeployNewAsync(factory, trained);
        await ServedModels.ScalarAsync(factory.ConnectionString, "UPDATE deployments SET log_retention_days = 2 WHERE id = $1", shortLived);
        await InsertLogAsync(shortLived, model.Id, [1, 3, 3, 30]);
        await InsertLogAsync(longLived, otherModel.Id, [3, 29, 31]);
        await ServedModels.ScalarAsync(factory.ConnectionString,
            "INSERT INTO deployment_stats (deployment_id, minute, requests, errors, rows, unlogged_rows, latency) "
            + "SELECT $1, date_trunc('minute', now()) - make_interval(days => d), 1, 0, 1, 0, '{}' FROM unnest(ARRAY[1, 3]) d", shortLived);

        var retention = factory.Services.GetRequiredService<PredictionLogRetention>();
        // Another sweep (the service's own) may hold the lock for a moment; it deletes the same rows.
        await ServedModels.EventuallyAsync(async () =>
        {
            await retention.SweepAsync(Cancel);
            return await Count(shortLived) == 1 && await Count(longLived) == 2;
        }, "rows past retention deleted");
        Assert.Equal(1L, await ServedModels.ScalarAsync(factory.ConnectionString, "SELECT count(*) FROM deployment_stats WHERE deployment_id = $1", shortLived));
    }

    private async Task InsertLogAsync(Guid deploymentId, Guid modelId, int[] daysAgo)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        foreach (var days in daysAgo)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO prediction_logs (deployment_id, model_id, created_at, inputs, output) VALUES ($1, $2, now() - make_interval(days => $3), '{}', '{}')",
                connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = deploymentId });
            insert.Parameters.Add(new NpgsqlParameter { Value = modelId });
            insert.Parameters.Add(new NpgsqlParameter { Value = days });
            await insert.ExecuteNonQueryAsync(Cancel);
        }
    }

    private async Task<(string Inputs, string Output, Guid ModelId)> FirstLoggedAsync(Guid deploymentId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT inputs::text, output::text, model_id FROM prediction_logs WHERE deployment_id = $1 ORDER BY id LIMIT 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = deploymentId });
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        Assert.True(await reader.ReadAsync(Cancel));
        return (reader.GetString(0), reader.GetString(1), reader.GetGuid(2));
    }

    private Task<long> Count(Guid deploymentId) =>
        ServedModels.ScalarAsync(factory.ConnectionString, "SELECT count(*) FROM prediction_logs WHERE deployment_id = $1", deploymentId);

    private Task<long> Stats(Guid deploymentId, string column) =>
        ServedModels.ScalarAsync(factory.ConnectionString, $"SELECT coalesce(sum({column}), 0) FROM deployment_stats WHERE deployment_id = $1", deploymentId);
}
