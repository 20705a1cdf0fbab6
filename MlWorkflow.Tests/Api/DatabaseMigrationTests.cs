using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MlWorkflow.Core.Data;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Api;

public sealed class DatabaseMigrationTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentMigratorsOnMissingDatabaseAllSucceedWithOneSchema()
    {
        var connectionString = infrastructure.Postgres.ConnectionString($"migrate_{Guid.NewGuid():N}");
        var log = new ListLogger();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => MigrateAsync(connectionString, log), Cancel)));

        Assert.Single(log.Messages, m => m.StartsWith("Applying", StringComparison.Ordinal));
        Assert.Equal(2, log.Messages.Count(m => m.EndsWith("is up to date", StringComparison.Ordinal)));
        await using var db = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Cancel));
        Assert.Equal(
            ["artifact_chunks", "artifacts", "datasets", "deployment_history", "deployment_keys", "deployment_stats", "deployments", "drift_alerts", "model_names", "models", "prediction_logs", "task_logs", "tasks", "users"],
            await QueryAsync(connectionString, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_%' ORDER BY 1"));
        // This database's only: other classes' hosts migrate their own databases on the same server meanwhile.
        Assert.Equal(["0"], await QueryAsync(connectionString,
            "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    [Fact]
    public async Task MigratorWaitsForTheLockHeldByAnotherReplica()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("migrate");
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync(Cancel);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({DatabaseMigrator.AdvisoryLockKey})", holder))
        {
            await take.ExecuteNonQueryAsync(Cancel);
        }

        var migration = MigrateAsync(connectionString, new ListLogger());
        await Task.Delay(750, Cancel);
        Assert.False(migration.IsCompleted);
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({DatabaseMigrator.AdvisoryLockKey})", holder))
        {
            await release.ExecuteNonQueryAsync(Cancel);
        }

        await migration.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal(["4"], await QueryAsync(connectionString,
            "SELECT count(*)::text FROM pg_tables WHERE tablename IN ('users', 'datasets', 'artifacts', 'artifact_chunks')"));
    }

    private static async Task MigrateAsync(string connectionString, ListLogger log)
    {
        await using var db = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString));
        await new DatabaseMigrator(db, log).MigrateAsync(Cancel);
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var values = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private sealed class ListLogger : ILogger<DatabaseMigrator>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get { lock (_messages) { return [.. _messages]; } }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
