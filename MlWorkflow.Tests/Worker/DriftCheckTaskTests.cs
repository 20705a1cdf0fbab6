using System.Net;
using System.Text.Json;
using Hangfire;
using MlWorkflow.Core.Deployments;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Api;
using MlWorkflow.Tests.Engine.Drift;
using MlWorkflow.Tests.Engine.Training;
using MlWorkflow.Tests.Infrastructure;
using NpgsqlTypes;

namespace MlWorkflow.Tests.Worker;

/// <summary>The drift_check task on the real worker, on a deployment of a real titanic model whose prediction log the test writes.</summary>
[Slow]
[Collection(WorkerProcessCollection.Name)]
public sealed class DriftCheckTaskTests(ProfileWorkerFixture fixture) : IClassFixture<ProfileWorkerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TaskDatabase Database => fixture.Database;

    [Fact]
    public async Task TrainingRowsRaiseNothingAndAShiftedAndACollapsedColumnRaiseAlertsForExactlyThoseDeliveredToTheWebhook()
    {
        using var webhook = new WebhookReceiver();
        var (deploymentId, modelId, package) = await DeployTitanicAsync(webhook.Url);
        var training = DriftTestKit.TrainingRows("titanic.csv", "survived");

        await LogAsync(package, deploymentId, modelId, DriftTestKit.Draw(training, 1_000, seed: 1));
        var clean = await CheckAsync(deploymentId);

        Assert.Equal(0, clean.GetProperty("alerts").GetInt32());
        Assert.Equal(("complete", 1_000), (clean.GetProperty("status").GetString(), clean.GetProperty("rows").GetInt32()));

        var drifted = DriftTestKit.Draw(training, 1_000, seed: 2);
        DriftTestKit.Shift(drifted, "age", 2 * 14.5);
        DriftTestKit.SetAll(drifted, "sex", "male");
        await LogAsync(package, deploymentId, modelId, drifted);
        var check = await CheckAsync(deploymentId);

        Assert.Equal(1_000, check.GetProperty("rows").GetInt32());
        await using var db = Database.NewContext();
        var alerts = db.DriftAlerts.Where(a => a.DeploymentId == deploymentId).ToList();
        Assert.Equal(check.GetProperty("alerts").GetInt32(), alerts.Count);
        Assert.Equal(["age", "sex"], alerts.Select(a => a.Feature).Where(f => f is not ("dataset" or "prediction")).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(alerts, a => a is { Feature: "age", Metric: "wasserstein" });
        Assert.Contains(alerts, a => a is { Feature: "sex", Metric: "jensen_shannon" });
        Assert.All(alerts, a => Assert.Equal((modelId, 1_000), (a.ModelId, a.Rows)));
        var deployment = db.Deployments.Single(d => d.Id == deploymentId);
        Assert.NotNull(deployment.DriftCheckedAt);
        Assert.Equal(db.PredictionLogs.Where(p => p.DeploymentId == deploymentId).Max(p => p.Id), deployment.DriftCheckedThroughLogId);
        using (var report = JsonDocument.Parse(deployment.DriftReport!))
        {
            Assert.Equal(2, report.RootElement.GetProperty("driftedFeatures").GetInt32());
            Assert.Equal(3, report.RootElement.GetProperty("features").GetArrayLength());
        }

        var delivered = await webhook.WaitForAsync(alerts.Count, Timeout);
        Assert.Equal(alerts.Select(a => a.Id).Order(), delivered.Select(d => d.GetProperty("id").GetGuid()).Order());
        Assert.All(delivered, d => Assert.Equal("titanic", d.GetProperty("deploymentName").GetString()));
    }

    [Fact]
    public async Task TheScheduledCheckWaitsForNewRowsAndThenStartsATask()
    {
        var (deploymentId, modelId, package) = await DeployTitanicAsync(null);

        var idle = Database.Jobs.Create<IScheduledDriftCheck>(job => job.RunAsync(deploymentId, CancellationToken.None), new Hangfire.States.EnqueuedState(JobQueues.DriftCheck));
        await Database.WaitForJobStateAsync(idle, "Succeeded", Timeout);
        await using (var before = Database.NewContext())
        {
            Assert.DoesNotContain(before.Tasks.Where(t => t.Kind == WorkflowTaskKind.DriftCheck).AsEnumerable(), t => t.Parameters.Contains(deploymentId.ToString()));
        }
        await LogAsync(package, deploymentId, modelId, DriftTestKit.Draw(DriftTestKit.TrainingRows("titanic.csv", "survived"), 150));
        var jobId = Database.Jobs.Create<IScheduledDriftCheck>(job => job.RunAsync(deploymentId, CancellationToken.None), new Hangfire.States.EnqueuedState(JobQueues.DriftCheck));
        await Database.WaitForJobStateAsync(jobId, "Succeeded", Timeout);

        await using var db = Database.NewContext();
        var task = Assert.Single(db.Tasks.Where(t => t.Kind == WorkflowTaskKind.DriftCheck).AsEnumerable(), t => t.Parameters.Contains(deploymentId.ToString()));
        Assert.True(DriftCheckTaskParameters.Parse(task.Parameters).Scheduled);
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);
        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
    }

    private async Task<JsonElement> CheckAsync(Guid deploymentId)
    {
        var ownerId = (await Database.NewContext().Deployments.FindAsync([deploymentId], Cancel))!.OwnerId;
        var task = await Database.CreateTaskAsync(ownerId, null, WorkflowTaskKind.DriftCheck, new DriftCheckTaskParameters(deploymentId).ToJson());
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);
        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        return JsonDocument.Parse(done.Result!).RootElement.Clone();
    }

    private async Task<(Guid Deployment, Guid Model, ModelPackage Package)> DeployTitanicAsync(string? webhookUrl)
    {
        var table = await TrainingTestKit.SampleAsync("titanic.csv", "survived", TargetTasks.Binary);
        var request = TrainingTestKit.Request(table, [MlNetTrainers.LightGbm], maxTrials: 1);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var package = ModelPackage.Create(result, table, request, [], [], DateTimeOffset.UnixEpoch);
        using var bytes = new MemoryStream();
        package.Save(bytes);
        var ownerId = await Database.CreateUserAsync();
        var model = await StoredModels.InsertAsync(Database.ConnectionString, ownerId, bytes.ToArray(), name: "titanic");
        await using var db = Database.NewContext();
        var deployment = new Deployment { OwnerId = ownerId, Name = "titanic", ModelId = model.Id, WebhookUrl = webhookUrl };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync(Cancel);
        return (deployment.Id, model.Id, package);
    }

    /// <summary>Writes rows to the prediction log as the Api does: the inputs as sent (numbers as numbers) and the model's prediction.</summary>
    private async Task LogAsync(ModelPackage package, Guid deploymentId, Guid modelId, IEnumerable<Dictionary<string, string?>> rows)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync(Cancel);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY prediction_logs (deployment_id, model_id, created_at, inputs, output) FROM STDIN (FORMAT BINARY)", Cancel);
        foreach (var row in rows)
        {
            var inputs = row.Where(c => c.Key != "survived" && c.Key != "name").ToDictionary(c => c.Key,
                c => c.Key == "age" && !string.IsNullOrEmpty(c.Value) ? (object?)double.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)
                    : string.IsNullOrEmpty(c.Value) ? null : c.Value);
            await writer.StartRowAsync(Cancel);
            await writer.WriteAsync(deploymentId, NpgsqlDbType.Uuid, Cancel);
            await writer.WriteAsync(modelId, NpgsqlDbType.Uuid, Cancel);
            await writer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, Cancel);
            await writer.WriteAsync(JsonSerializer.Serialize(inputs), NpgsqlDbType.Jsonb, Cancel);
            var prediction = package.Predict(row);
            await writer.WriteAsync(JsonSerializer.Serialize(new { label = prediction.Label, probabilities = prediction.Probabilities }), NpgsqlDbType.Jsonb, Cancel);
        }
        await writer.CompleteAsync(Cancel);
    }

    /// <summary>A webhook receiver on a free loopback port that keeps each JSON body it is sent.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<JsonElement> _bodies = [];

        public WebhookReceiver()
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                lock (_bodies)
                {
                    if (_bodies.Count >= count)
                    {
                        return [.. _bodies];
                    }
                }
                await Task.Delay(100, Cancel);
            }
            throw new TimeoutException($"The webhook received {_bodies.Count} of {count} alerts.");
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using (var body = await JsonDocument.ParseAsync(context.Request.InputStream))
                {
                    lock (_bodies)
                    {
                        _bodies.Add(body.RootElement.Clone());
                    }
                }
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
