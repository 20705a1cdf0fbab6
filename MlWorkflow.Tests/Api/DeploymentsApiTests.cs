extern alias api;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using MlWorkflow.Core.Deployments;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>Deployments: create, list, read, switch and roll back, settings, delete, and what they do to models and schedules.</summary>
[Collection(nameof(ApiCollection))]
public sealed class DeploymentsApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateServesTheModelUnderItsNameWithUrlHistoryAndASchedule()
    {
        var client = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1], name: "credit");

        var response = await client.PostAsJsonAsync("/api/deployments", new { name = "credit-risk", modelId = model.Id }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deployment = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = deployment.GetProperty("id").GetGuid();
        Assert.Equal($"/api/deployments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("credit-risk", model.Id, "credit", 1), (deployment.GetProperty("name").GetString(), deployment.GetProperty("modelId").GetGuid(),
            deployment.GetProperty("modelName").GetString(), deployment.GetProperty("modelVersion").GetInt32()));
        Assert.Equal(("multiclass", "species", "active"), (deployment.GetProperty("task").GetString(), deployment.GetProperty("target").GetString(),
            deployment.GetProperty("status").GetString()));
        Assert.EndsWith($"/api/deployments/{id}/predict", deployment.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal((15, 30), (deployment.GetProperty("driftIntervalMinutes").GetInt32(), deployment.GetProperty("logRetentionDays").GetInt32()));
        var history = Assert.Single(deployment.GetProperty("history").EnumerateArray());
        Assert.Equal((model.Id, 1, JsonValueKind.Null), (history.GetProperty("modelId").GetGuid(), history.GetProperty("modelVersion").GetInt32(),
            history.GetProperty("to").ValueKind));
        Assert.Equal("*/15 * * * *", RecurringJob(id)?.Cron);

        var read = await Uploads.GetJsonAsync(client, $"/api/deployments/{id}");
        Assert.Equal(0, read.GetProperty("stats").GetProperty("requests").GetInt64());
        var list = await Uploads.GetJsonAsync(client, "/api/deployments");
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.False(list.GetProperty("items")[0].TryGetProperty("stats", out _));
    }

    [Fact]
    public async Task BadRequestsAreRefusedWithTheFieldAndNothingIsCreated()
    {
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1]);
        var othersModel = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(other), [1]);

        async Task ExpectInvalid(object body, string field)
        {
            var problem = await ProblemAssert.IsAsync(await client.PostAsJsonAsync("/api/deployments", body, Cancel), HttpStatusCode.BadRequest, "invalid_deployment");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors lacks '{field}': {problem}");
        }
        await ExpectInvalid(new { modelId = model.Id }, "name");
        await ExpectInvalid(new { name = "has space", modelId = model.Id }, "name");
        await ExpectInvalid(new { name = new string('a', 101), modelId = model.Id }, "name");
        await ExpectInvalid(new { name = "ok" }, "modelId");
        await ExpectInvalid(new { name = "ok", modelId = othersModel.Id }, "modelId");
        await ExpectInvalid(new { name = "ok", modelId = model.Id, driftIntervalMinutes = 7 }, "driftIntervalMinutes");
        await ExpectInvalid(new { name = "ok", modelId = model.Id, logRetentionDays = 0 }, "logRetentionDays");
        await ExpectInvalid(new { name = "ok", modelId = model.Id, webhookUrl = "ftp://x" }, "webhookUrl");
        using var text = new StringContent("name=ok");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/api/deployments", text, Cancel)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/deployments", new { name = "taken", modelId = model.Id }, Cancel)).StatusCode);
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync("/api/deployments", new { name = "taken", modelId = model.Id }, Cancel),
            HttpStatusCode.Conflict, "deployment_name_taken");
        Assert.Equal(1, (await Uploads.GetJsonAsync(client, "/api/deployments")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task SwitchAndRollBackKeepTheHistoryAndRefuseAModelOfAnotherTask()
    {
        var client = await factory.CreateUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        var v1 = await StoredModels.InsertAsync(factory.ConnectionString, owner, [1], name: "species");
        var v2 = await StoredModels.InsertAsync(factory.ConnectionString, owner, [2], name: "species");
        var regression = await StoredModels.InsertAsync(factory.ConnectionString, owner, [3], name: "mass");
        await ExecuteAsync($"UPDATE models SET task = 'regression' WHERE id = '{regression.Id}'");
        var id = await CreateAsync(client, "species", v1.Id);

        var switched = await PutAsync(client, id, new { modelId = v2.Id });
        var rolledBack = await PutAsync(client, id, new { modelId = v1.Id });

        Assert.Equal((v2.Id, 2), (switched.GetProperty("modelId").GetGuid(), switched.GetProperty("modelVersion").GetInt32()));
        Assert.Equal((v1.Id, 1), (rolledBack.GetProperty("modelId").GetGuid(), rolledBack.GetProperty("modelVersion").GetInt32()));
        var history = rolledBack.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([1, 2, 1], history.Select(h => h.GetProperty("modelVersion").GetInt32()));
        Assert.Equal([JsonValueKind.Null, JsonValueKind.String, JsonValueKind.String], history.Select(h => h.GetProperty("to").ValueKind));
        Assert.Equal(history[1].GetProperty("to").GetDateTimeOffset(), history[0].GetProperty("from").GetDateTimeOffset());
        Assert.Equal(3, await ScalarAsync<int>($"SELECT generation FROM deployments WHERE id = '{id}'"));

        var refused = await ProblemAssert.IsAsync(await client.PutAsJsonAsync($"/api/deployments/{id}", new { modelId = regression.Id }, Cancel),
            HttpStatusCode.BadRequest, "invalid_deployment");
        Assert.Contains("regression", refused.GetProperty("errors").GetProperty("modelId")[0].GetString(), StringComparison.Ordinal);
        var settings = await PutAsync(client, id, new { driftIntervalMinutes = 60, logRetentionDays = 7, webhookUrl = "http://127.0.0.1:9/hook" });
        Assert.Equal((60, 7, "http://127.0.0.1:9/hook", v1.Id), (settings.GetProperty("driftIntervalMinutes").GetInt32(),
            settings.GetProperty("logRetentionDays").GetInt32(), settings.GetProperty("webhookUrl").GetString(), settings.GetProperty("modelId").GetGuid()));
        Assert.Equal("0 * * * *", RecurringJob(id)?.Cron);
        Assert.Equal(3, await ScalarAsync<int>($"SELECT generation FROM deployments WHERE id = '{id}'"));
    }

    [Fact]
    public async Task DriftThresholdsDefaultToEvidentlysAndAreReplacedAsAWhole()
    {
        var client = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1]);
        var id = await CreateAsync(client, "thresholds", model.Id);

        var defaults = (await Uploads.GetJsonAsync(client, $"/api/deployments/{id}")).GetProperty("driftSettings");
        var changed = (await PutAsync(client, id, new { driftSettings = new { numberDistanceThreshold = 0.2, minRows = 500 } })).GetProperty("driftSettings");

        Assert.Equal((0.1, 0.1, 0.25, 0.5, 100), (defaults.GetProperty("numberDistanceThreshold").GetDouble(), defaults.GetProperty("categoryDistanceThreshold").GetDouble(),
            defaults.GetProperty("psiHigh").GetDouble(), defaults.GetProperty("datasetDriftShare").GetDouble(), defaults.GetProperty("minRows").GetInt32()));
        Assert.Equal((0.2, 0.1, 500), (changed.GetProperty("numberDistanceThreshold").GetDouble(), changed.GetProperty("categoryDistanceThreshold").GetDouble(),
            changed.GetProperty("minRows").GetInt32()));
        var share = await ProblemAssert.IsAsync(await client.PutAsJsonAsync($"/api/deployments/{id}", new { driftSettings = new { datasetDriftShare = 2 } }, Cancel),
            HttpStatusCode.BadRequest, "invalid_deployment");
        Assert.True(share.GetProperty("errors").TryGetProperty("driftSettings.datasetDriftShare", out _), share.ToString());
        var bands = await ProblemAssert.IsAsync(await client.PutAsJsonAsync($"/api/deployments/{id}", new { driftSettings = new { psiModerate = 0.3 } }, Cancel),
            HttpStatusCode.BadRequest, "invalid_deployment");
        Assert.True(bands.GetProperty("errors").TryGetProperty("driftSettings.psiModerate", out _), bands.ToString());
    }

    [Fact]
    public async Task AServedModelCannotBeDeletedUntilItsDeploymentIsGoneAndOthersSeeNothing()
    {
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1]);
        var id = await CreateAsync(client, "served", model.Id);

        var refused = await ProblemAssert.IsAsync(await client.DeleteAsync($"/api/models/{model.Id}", Cancel), HttpStatusCode.Conflict, "model_deployed");
        Assert.Contains("'served'", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(await other.GetAsync($"/api/deployments/{id}", Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await other.PutAsJsonAsync($"/api/deployments/{id}", new { logRetentionDays = 2 }, Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await other.DeleteAsync($"/api/deployments/{id}", Cancel), HttpStatusCode.NotFound, "deployment_not_found");
        await ProblemAssert.IsAsync(await other.PostAsync($"/api/deployments/{id}/drift_check", null, Cancel), HttpStatusCode.NotFound, "deployment_not_found");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/deployments/{id}", Cancel)).StatusCode);
        Assert.Null(RecurringJob(id));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/models/{model.Id}", Cancel)).StatusCode);
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/deployments/{id}", Cancel), HttpStatusCode.NotFound, "deployment_not_found");
    }

    [Fact]
    public async Task StatsSumTheLastHourOfMinutesWithLatencyPercentiles()
    {
        var client = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1]);
        var id = await CreateAsync(client, "busy", model.Id);
        var minute = DateTimeOffset.UtcNow.AddMinutes(-5);
        minute = new DateTimeOffset(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute, 0, TimeSpan.Zero);
        var fast = new long[LatencyBuckets.Count];
        fast[LatencyBuckets.Of(1.0)] = 98;
        fast[LatencyBuckets.Of(40.0)] = 2;
        await InsertStatsAsync(id, minute, 100, 3, 250, 0, fast);
        await InsertStatsAsync(id, minute.AddMinutes(1), 0, 0, 0, 7, new long[LatencyBuckets.Count]);
        await InsertStatsAsync(id, minute.AddHours(-2), 1000, 1000, 0, 0, new long[LatencyBuckets.Count]);

        var stats = (await Uploads.GetJsonAsync(client, $"/api/deployments/{id}")).GetProperty("stats");

        Assert.Equal((100L, 3L, 250L, 7L), (stats.GetProperty("requests").GetInt64(), stats.GetProperty("errors").GetInt64(),
            stats.GetProperty("rows").GetInt64(), stats.GetProperty("unloggedRows").GetInt64()));
        Assert.InRange(stats.GetProperty("p50Ms").GetDouble(), 0.9, 1.1);
        Assert.InRange(stats.GetProperty("p99Ms").GetDouble(), 36, 44);
        Assert.Equal(2, stats.GetProperty("perMinute").GetArrayLength());
    }

    [Fact]
    public async Task AlertsAreListedByDeploymentAndStateAndAcknowledgedOnce()
    {
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1]);
        var first = await CreateAsync(client, "first", model.Id);
        var second = await CreateAsync(client, "second", model.Id);
        var age = await InsertAlertAsync(first, model.Id, "age", "wasserstein", 0.42);
        await InsertAlertAsync(first, model.Id, "sex", "jensen_shannon", 0.3);
        await InsertAlertAsync(second, model.Id, "fare", "psi", 0.3);

        Assert.Equal(JsonValueKind.Null, (await Uploads.GetJsonAsync(client, $"/api/deployments/{first}/drift")).GetProperty("report").ValueKind);
        var all = await Uploads.GetJsonAsync(client, "/api/drift_alerts");
        Assert.Equal((3, 3), (all.GetProperty("total").GetInt32(), all.GetProperty("unacknowledged").GetInt32()));
        Assert.Equal(2, (await Uploads.GetJsonAsync(client, $"/api/deployments/{first}")).GetProperty("unacknowledgedAlerts").GetInt32());

        var acked = await (await client.PostAsync($"/api/drift_alerts/{age}/ack", null, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var again = await (await client.PostAsync($"/api/drift_alerts/{age}/ack", null, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(("first", "age", 0.42), (acked.GetProperty("deploymentName").GetString(), acked.GetProperty("feature").GetString(), acked.GetProperty("value").GetDouble()));
        Assert.Equal(acked.GetProperty("acknowledgedAt").GetDateTimeOffset(), again.GetProperty("acknowledgedAt").GetDateTimeOffset());
        var waiting = await Uploads.GetJsonAsync(client, $"/api/drift_alerts?deploymentId={first}&acknowledged=false");
        Assert.Equal(("sex", 1, 1), (Assert.Single(waiting.GetProperty("items").EnumerateArray()).GetProperty("feature").GetString(),
            waiting.GetProperty("total").GetInt32(), waiting.GetProperty("unacknowledged").GetInt32()));
        Assert.Equal(1, (await Uploads.GetJsonAsync(client, "/api/drift_alerts?acknowledged=true")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Uploads.GetJsonAsync(other, "/api/drift_alerts")).GetProperty("total").GetInt32());
        await ProblemAssert.IsAsync(await other.PostAsync($"/api/drift_alerts/{age}/ack", null, Cancel), HttpStatusCode.NotFound, "drift_alert_not_found");
        await ProblemAssert.IsAsync(await client.GetAsync("/api/drift_alerts?deploymentId=nope", Cancel), HttpStatusCode.BadRequest, "invalid_deploymentId");
    }

    [Fact]
    public async Task DriftCheckOnDemandStartsADriftCheckTaskOnItsQueue()
    {
        var client = await factory.CreateUserClientAsync();
        var model = await StoredModels.InsertAsync(factory.ConnectionString, await StoredModels.UserIdAsync(client), [1]);
        var id = await CreateAsync(client, "checked", model.Id);

        var response = await client.PostAsync($"/api/deployments/{id}/drift_check", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var task = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("task");
        Assert.Equal(("drift_check", "pending"), (task.GetProperty("kind").GetString(), task.GetProperty("status").GetString()));
        Assert.Contains(id.ToString(), await ScalarAsync<string>($"SELECT parameters::text FROM tasks WHERE id = '{task.GetProperty("id").GetGuid()}'"), StringComparison.Ordinal);
    }

    public static async Task<Guid> CreateAsync(HttpClient client, string name, Guid modelId)
    {
        var response = await client.PostAsJsonAsync("/api/deployments", new { name, modelId }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> PutAsync(HttpClient client, Guid id, object body)
    {
        var response = await client.PutAsJsonAsync($"/api/deployments/{id}", body, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private RecurringJobDto? RecurringJob(Guid deploymentId)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs([DriftSchedule.JobId(deploymentId)]).SingleOrDefault(j => !j.Removed);
    }

    private async Task<Guid> InsertAlertAsync(Guid deploymentId, Guid modelId, string feature, string metric, double value)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("INSERT INTO drift_alerts (id, deployment_id, model_id, feature, metric, value, threshold, severity, window_start, window_end, rows, created_at) "
            + $"VALUES ('{id}', '{deploymentId}', '{modelId}', '{feature}', '{metric}', {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, 0.1, 'warning', now(), now(), 500, now())");
        return id;
    }

    private async Task InsertStatsAsync(Guid deploymentId, DateTimeOffset minute, long requests, long errors, long rows, long unlogged, long[] latency)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("INSERT INTO deployment_stats (deployment_id, minute, requests, errors, rows, unlogged_rows, latency) "
            + "VALUES (@d, @m, @r, @e, @rows, @u, @l)", connection);
        command.Parameters.AddWithValue("d", deploymentId);
        command.Parameters.AddWithValue("m", minute);
        command.Parameters.AddWithValue("r", requests);
        command.Parameters.AddWithValue("e", errors);
        command.Parameters.AddWithValue("rows", rows);
        command.Parameters.AddWithValue("u", unlogged);
        command.Parameters.AddWithValue("l", latency);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
