using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Jobs;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Core.Users;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Tests.Api;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Tests.Worker;

/// <summary>
/// A migrated database of its own with what the Api would do to it: users, uploaded datasets (file in
/// <see cref="PostgresArtifactStore"/> + row), tasks created and enqueued by <see cref="TaskEnqueuer"/> on a real
/// Hangfire storage; plus reads of task rows and logs. Workers (<see cref="WorkerProcess"/>) run the jobs.
/// </summary>
public sealed class TaskDatabase(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public IBackgroundJobClient Jobs { get; private set; } = null!;

    public JobStorage Storage { get; private set; } = null!;

    /// <summary>Polls until Hangfire has the job in <paramref name="state"/> (e.g. "Succeeded").</summary>
    public async Task WaitForJobStateAsync(string jobId, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? current;
        while ((current = Storage.GetMonitoringApi().JobDetails(jobId)?.History.FirstOrDefault()?.StateName) != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} is {current ?? "unknown"}, not {state}, after {timeout}.");
            await Task.Delay(50, Cancel);
        }
    }

    public InfrastructureFixture Infrastructure => infrastructure;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await infrastructure.CreateDatabaseAsync("worker");
        await using (var db = NewContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Cancel);
        }
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        Redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.Redis.ConnectionString);
        var options = HangfireSetup.CreateStorageOptions();
        Storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(ConnectionString, options), options);
        Jobs = new BackgroundJobClient(Storage);
    }

    public MlWorkflowDbContext NewContext() => new(MlWorkflowDbContextOptions.For(ConnectionString));

    /// <summary>The settings a worker process needs for this database (and the fixture's Redis unless given).</summary>
    public Dictionary<string, string> WorkerSettings(string? redis = null, int count = 2) => new()
    {
        ["ConnectionStrings:mlworkflowdb"] = ConnectionString,
        ["ConnectionStrings:cache"] = redis ?? infrastructure.Redis.ConnectionString,
        ["Worker:Count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task<Guid> CreateUserAsync()
    {
        await using var db = NewContext();
        var user = new User { Email = $"user-{Guid.NewGuid():N}@example.com", PasswordHash = "not-used" };
        db.Users.Add(user);
        await db.SaveChangesAsync(Cancel);
        return user.Id;
    }

    /// <summary>Stores a sample file as an upload would: inspected, kept as an artifact, with its dataset row.</summary>
    public async Task<Dataset> CreateSampleDatasetAsync(Guid ownerId, string sample)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", sample), Cancel);
        var inspector = new CsvInspector(CsvLimits.Default);
        inspector.Append(bytes);
        var inspection = inspector.Complete();
        return await CreateDatasetAsync(ownerId, sample, new MemoryStream(bytes), inspection.Dialect, inspection.RowCount, inspection.Columns);
    }

    /// <summary>A generated CSV of about <paramref name="bytes"/> bytes, streamed into storage (never whole in memory).</summary>
    public Task<Dataset> CreateGeneratedDatasetAsync(Guid ownerId, long bytes)
    {
        var content = new GeneratedCsvStream(bytes);
        return CreateDatasetAsync(ownerId, "generated.csv", content, new CsvDialect(',', CsvDialect.Utf8), content.Rows,
            ["id", "amount", "category", "flag", "note"]);
    }

    public async Task<Dataset> CreateDatasetAsync(
        Guid ownerId, string fileName, Stream content, CsvDialect dialect, long rowCount, IReadOnlyList<string> columns)
    {
        var artifact = await new PostgresArtifactStore(DataSource).SaveAsync(content, "dataset", "text/csv", Cancel);
        var dataset = new Dataset
        {
            OwnerId = ownerId,
            Name = Path.GetFileNameWithoutExtension(fileName),
            FileName = fileName,
            Format = dialect.Format,
            Delimiter = dialect.Delimiter,
            Quote = dialect.Quote,
            Encoding = dialect.EncodingName,
            SizeBytes = artifact.Length,
            Sha256 = artifact.Sha256,
            RowCount = rowCount,
            Columns = [.. columns],
            ColumnCount = columns.Count,
            ArtifactId = artifact.Id,
        };
        await using var db = NewContext();
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Cancel);
        return dataset;
    }

    /// <summary>Creates the task row with its first entry and enqueues its job, as the Api does.</summary>
    public async Task<WorkflowTask> CreateTaskAsync(
        Guid ownerId, Guid? datasetId, WorkflowTaskKind kind = WorkflowTaskKind.Profile, string parameters = "{}")
    {
        await using var db = NewContext();
        var enqueuer = new TaskEnqueuer(db, Jobs, Redis, NullLogger<TaskEnqueuer>.Instance);
        return await enqueuer.CreateAsync(ownerId, kind, datasetId, parameters, Cancel);
    }

    public async Task<WorkflowTask> GetTaskAsync(Guid taskId)
    {
        await using var db = NewContext();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, Cancel);
    }

    public async Task<Dataset> GetDatasetAsync(Guid datasetId)
    {
        await using var db = NewContext();
        return await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == datasetId, Cancel);
    }

    /// <summary>Polls the task row until <paramref name="done"/> holds; fails with the task and its log otherwise.</summary>
    public async Task<WorkflowTask> WaitForAsync(Guid taskId, Func<WorkflowTask, bool> done, TimeSpan timeout, string? output = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var task = await GetTaskAsync(taskId);
            if (done(task))
            {
                return task;
            }
            if (DateTime.UtcNow > deadline)
            {
                var log = string.Join('\n', (await ReadLogAsync(taskId)).Select(e => $"{e.Seq} {e.Level} {e.Step}: {e.Message}"));
                Assert.Fail($"Task {taskId} is {task.Status.ToName()} ({task.Progress}%, error: {task.Error}) after {timeout}.\nLog:\n{log}\n{output}");
            }
            await Task.Delay(50, Cancel);
        }
    }

    public Task<WorkflowTask> WaitForFinishedAsync(Guid taskId, TimeSpan timeout, string? output = null) =>
        WaitForAsync(taskId, t => t.IsFinished, timeout, output);

    public async Task<IReadOnlyList<TaskLogEntry>> ReadLogAsync(Guid taskId)
    {
        var entries = new List<TaskLogEntry>();
        while (true)
        {
            var page = await TaskLogStore.ReadAsync(DataSource, taskId, entries.Count == 0 ? 0 : entries[^1].Seq, 10_000, Cancel);
            if (page.Count == 0)
            {
                return entries;
            }
            entries.AddRange(page);
        }
    }

    /// <summary>Asserts the stored seqs are 1..n with no gap, and returns the entries.</summary>
    public async Task<IReadOnlyList<TaskLogEntry>> AssertLogContiguousAsync(Guid taskId)
    {
        var entries = await ReadLogAsync(taskId);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Seq));
        Assert.Equal(entries.Count, (await GetTaskAsync(taskId)).LastLogSeq);
        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        Redis?.Dispose();
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }
    }
}
