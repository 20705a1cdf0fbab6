using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>
/// Healthy when the server on <c>port</c> accepts our password, is *our* cluster (its data directory is
/// ours: another PostgreSQL could own the port), and the application database exists (created here, as
/// Aspire's AddDatabase does for containers).
/// </summary>
internal sealed class LocalPostgresHealthCheck(int port, string password, string dataDirectory, string database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Password = password,
            Database = "postgres", Pooling = false, Timeout = 3,
        }.ConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var directory = (string?)await Scalar(connection, "select current_setting('data_directory')", cancellationToken);
            if (!string.Equals(Path.GetFullPath(directory ?? ""), Path.GetFullPath(dataDirectory), StringComparison.Ordinal))
            {
                return HealthCheckResult.Unhealthy($"Port {port} is served by another PostgreSQL (data directory {directory}).");
            }
            if (await Scalar(connection, $"select 1 from pg_database where datname = '{database}'", cancellationToken) is null)
            {
                try
                {
                    await Scalar(connection, $"create database \"{database}\"", cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Created meanwhile by someone else (the Api's migrations create it too): fine.
                }
            }
            return HealthCheckResult.Healthy();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return HealthCheckResult.Unhealthy(
                $"The cluster in {dataDirectory} rejects the password kept beside it (was the password file replaced?). " +
                "Put the old password back, or move the cluster folder away to start afresh.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL on port {port} does not answer yet: {e.Message}");
        }
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
