using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MlWorkflow.Core.Data;

/// <summary>
/// Brings the database to the latest migration, safely when several replicas start at once: it
/// creates the database if missing (tolerating a concurrent creator), then holds a PostgreSQL
/// advisory lock on a connection of its own while EF applies the migrations, so exactly one
/// replica migrates and the others wait and find nothing left to do.
/// </summary>
public sealed partial class DatabaseMigrator(MlWorkflowDbContext db, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Fixed advisory-lock key ("MLWFMIGR"); advisory locks are scoped to one database.</summary>
    public const long AdvisoryLockKey = 0x4D4C_5746_4D49_4752;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The DbContext has no connection string.");
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await EnsureDatabaseExistsAsync(target, cancellationToken);

        await using var lockConnection = new NpgsqlConnection(target.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        LogWaitingForLock(target.Database);
        await ExecuteAsync(lockConnection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            // Asking EF for applied migrations on an empty database logs a failed query; check the history table first.
            var history = db.GetService<IHistoryRepository>();
            var pending = await history.ExistsAsync(cancellationToken)
                ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
                : db.Database.GetMigrations().ToList();
            if (pending.Count == 0)
            {
                LogUpToDate(target.Database);
                return;
            }
            LogApplying(pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
            LogApplied(pending.Count);
        }
        finally
        {
            await ExecuteAsync(lockConnection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task EnsureDatabaseExistsAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new NpgsqlConnection(target.ConnectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }

        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        try
        {
            var name = target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal);
            await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"", cancellationToken);
            LogCreatedDatabase(target.Database);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it first.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Created database {Database}")]
    private partial void LogCreatedDatabase(string? database);

    [LoggerMessage(LogLevel.Debug, "Waiting for the migration lock on database {Database}")]
    private partial void LogWaitingForLock(string? database);

    [LoggerMessage(LogLevel.Information, "Database {Database} is up to date")]
    private partial void LogUpToDate(string? database);

    [LoggerMessage(LogLevel.Information, "Applying {MigrationCount} migrations: {Migrations}")]
    private partial void LogApplying(int migrationCount, string migrations);

    [LoggerMessage(LogLevel.Information, "Applied {MigrationCount} migrations")]
    private partial void LogApplied(int migrationCount);
}
