using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Tests.Engine.Profiling;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>One worker process serves every test of the class.</summary>
public sealed class ProfileWorkerFixture(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    public TaskDatabase Database { get; } = new(infrastructure);

    public WorkerProcess Worker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Worker = await WorkerProcess.StartAsync(Database.WorkerSettings());
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}

[Collection(WorkerProcessCollection.Name)]
public sealed class ProfileTaskTests(ProfileWorkerFixture fixture) : IClassFixture<ProfileWorkerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private TaskDatabase Database => fixture.Database;

    [Theory]
    [InlineData("iris.csv", "target")]
    [InlineData("penguins.csv", "species")]
    [InlineData("titanic.csv", "survived")]
    [InlineData("cars.csv", "Miles_per_Gallon")]
    [InlineData("diabetes.csv", "target")]
    public async Task ProfileTaskOfSampleCompletesWithIndependentlyComputedNumbers(string sample, string target)
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, sample);

        var task = await Database.CreateTaskAsync(ownerId, dataset.Id);
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        Assert.Equal(100, done.Progress);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.FinishedAt);
        var stored = await Database.GetDatasetAsync(dataset.Id);
        Assert.Equal(DatasetStatus.Ready, stored.Status);
        var reference = SampleReference.Load(sample);
        using var profile = JsonDocument.Parse(stored.Profile!);
        var root = profile.RootElement;
        Assert.Equal(reference.Rows.Length, root.GetProperty("rowCount").GetInt64());
        Assert.Equal(reference.Header.Length, root.GetProperty("columnCount").GetInt32());
        using var result = JsonDocument.Parse(done.Result!);
        Assert.Equal(reference.Rows.Length, result.RootElement.GetProperty("rowCount").GetInt64());
        var numeric = 0;
        foreach (var column in root.GetProperty("columns").EnumerateArray())
        {
            var name = column.GetProperty("name").GetString()!;
            Assert.Equal(reference.Missing(name), column.GetProperty("missing").GetInt64());
            Assert.Equal(reference.Distinct(name), column.GetProperty("distinct").GetInt64());
            if (column.GetProperty("type").GetString() is "numeric" or "integer")
            {
                numeric++;
                var values = reference.Numbers(name);
                ProfileTestKit.AssertRelativelyEqual(SampleReference.Mean(values), column.GetProperty("mean").GetDouble());
                ProfileTestKit.AssertRelativelyEqual(SampleReference.Std(values), column.GetProperty("std").GetDouble());
            }
        }
        Assert.True(numeric > 0, "Every sample has numeric columns.");
        // The deep parts travel with the stored profile: the natural target first, alerts, the association matrix.
        Assert.Equal(target, root.GetProperty("targetCandidates")[0].GetProperty("column").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("alerts").ValueKind);
        Assert.Equal("auto", root.GetProperty("correlations").GetProperty("method").GetString());
        await AssertStatusEntriesAsync(task.Id, "pending", "running", "completed");
    }

    [Fact]
    public async Task ProfileTaskOfMalformedFileFailsAtOnceSayingWhatToFix()
    {
        var ownerId = await Database.CreateUserAsync();
        var content = Encoding.UTF8.GetBytes("a,b\n1,2\n3,4,5\n");
        var dataset = await Database.CreateDatasetAsync(ownerId, "ragged.csv", new MemoryStream(content), new CsvDialect(',', CsvDialect.Utf8), 2, ["a", "b"]);

        var task = await Database.CreateTaskAsync(ownerId, dataset.Id);
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempt);
        Assert.Contains("ragged.csv", done.Error);
        Assert.Contains("line 3", done.Error);
        Assert.Equal(DatasetStatus.Failed, (await Database.GetDatasetAsync(dataset.Id)).Status);
        var entries = await AssertStatusEntriesAsync(task.Id, "pending", "running", "failed");
        Assert.Equal(TaskLogLevels.Error, entries[^1].Level);
    }

    [Fact]
    public async Task ProfileTaskCountsTheUploadsMissingTokensInsteadOfTheDefaults()
    {
        var ownerId = await Database.CreateUserAsync();
        var content = Encoding.UTF8.GetBytes("score,label\n1,a\n-999,NA\n3,unknown\n-999,b\n5,\n");
        var dataset = await Database.CreateDatasetAsync(ownerId, "holes.csv", new MemoryStream(content), new CsvDialect(',', CsvDialect.Utf8), 5, ["score", "label"]);

        var task = await Database.CreateTaskAsync(ownerId, dataset.Id, parameters: new ProfileTaskParameters(["", "-999", "unknown"]).ToJson());
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        using var profile = JsonDocument.Parse((await Database.GetDatasetAsync(dataset.Id)).Profile!);
        Assert.Equal(["", "-999", "unknown"], profile.RootElement.GetProperty("missingTokens").EnumerateArray().Select(t => t.GetString()));
        var columns = profile.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(2, columns["score"].GetProperty("missing").GetInt64());
        Assert.Equal(3.0, columns["score"].GetProperty("mean").GetDouble(), 12);
        // "NA" is not in the upload's list: it is a value here.
        Assert.Equal(2, columns["label"].GetProperty("missing").GetInt64());
        var log = await Database.ReadLogAsync(task.Id);
        Assert.True(log.Any(e => e.Message.Contains("the upload's list): (empty), -999, unknown")), string.Join("\n", log.Select(e => e.Message)));
    }

    [Fact]
    public async Task DriftCheckOfADeploymentThatIsGoneFailsSayingSo()
    {
        var ownerId = await Database.CreateUserAsync();

        var task = await Database.CreateTaskAsync(ownerId, null, WorkflowTaskKind.DriftCheck, new DriftCheckTaskParameters(Guid.NewGuid()).ToJson());
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Failed, done.Status);
        Assert.Contains("deployment this check was for no longer exists", done.Error, StringComparison.Ordinal);
        await AssertStatusEntriesAsync(task.Id, "pending", "running", "failed");
    }

    [Fact]
    public async Task ProfileTaskRunAgainReplacesItsOutputs()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        var first = await Database.CreateTaskAsync(ownerId, dataset.Id);
        await Database.WaitForFinishedAsync(first.Id, Timeout, fixture.Worker.Output);
        var firstProfile = (await Database.GetDatasetAsync(dataset.Id)).Profile;

        var second = await Database.CreateTaskAsync(ownerId, dataset.Id);
        var done = await Database.WaitForFinishedAsync(second.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        var stored = await Database.GetDatasetAsync(dataset.Id);
        Assert.Equal(second.Id, stored.ProfileTaskId);
        Assert.Equal(firstProfile, stored.Profile);
    }

    [Fact]
    public async Task PendingTaskWithCancelRequestEndsCancelledWithoutRunning()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        await using var db = Database.NewContext();
        var enqueuer = new TaskEnqueuer(db, Database.Jobs, Database.Redis, NullLogger<TaskEnqueuer>.Instance);
        PendingTask pending;
        await using (var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            pending = await enqueuer.AddAsync(ownerId, WorkflowTaskKind.Profile, dataset.Id, "{}", TestContext.Current.CancellationToken);
            pending.Task.CancelRequestedBy = "bob@example.com";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        await enqueuer.EnqueueAsync(pending, TestContext.Current.CancellationToken);
        var done = await Database.WaitForFinishedAsync(pending.Task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Cancelled, done.Status);
        Assert.Null(done.StartedAt);
        var entries = await AssertStatusEntriesAsync(done.Id, "pending", "cancelled");
        Assert.Equal("cancelled: Cancelled by bob@example.com", entries[^1].Message);
        Assert.Equal(DatasetStatus.Uploaded, (await Database.GetDatasetAsync(dataset.Id)).Status);
    }

    [Fact]
    public async Task JobOfTaskCancelledMeanwhileExitsQuietly()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        await using var db = Database.NewContext();
        var task = new WorkflowTask { OwnerId = ownerId, Kind = WorkflowTaskKind.Profile, DatasetId = dataset.Id, Status = WorkflowTaskStatus.Cancelled };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var jobId = Database.Jobs.Enqueue<ITaskJob>(task.Kind.Queue(), job => job.RunAsync(task.Id, CancellationToken.None));
        await Database.WaitForJobStateAsync(jobId, "Succeeded", Timeout);

        var after = await Database.GetTaskAsync(task.Id);
        Assert.Equal(WorkflowTaskStatus.Cancelled, after.Status);
        Assert.Null(after.StartedAt);
        Assert.Empty(await Database.ReadLogAsync(task.Id));
        Assert.Equal(DatasetStatus.Uploaded, (await Database.GetDatasetAsync(dataset.Id)).Status);
    }

    private async Task<IReadOnlyList<TaskLogEntry>> AssertStatusEntriesAsync(Guid taskId, params string[] statuses)
    {
        var entries = await Database.AssertLogContiguousAsync(taskId);
        var status = entries.Where(e => e.Step == TaskLogSteps.Status).ToList();
        Assert.Equal(statuses, status.Select(e => e.Message.Split(':')[0]));
        return status;
    }
}
