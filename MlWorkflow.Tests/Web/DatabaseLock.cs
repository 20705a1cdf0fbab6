using Npgsql;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// A lock held in an open transaction of the test's own until disposed, so that a request the page makes waits at the
/// database for as long as the test needs to act while it is on its way (then the transaction is rolled back).
/// </summary>
public sealed class DatabaseLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private DatabaseLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    /// <summary>
    /// The dataset's row as an UPDATE of it holds it (FOR NO KEY UPDATE): another UPDATE of the row (e.g. saving its
    /// pipeline) waits; reads, and inserts of rows that refer to it (a derived dataset, a task), do not.
    /// </summary>
    public static Task<DatabaseLock> DatasetRowAsync(string connectionString, Guid datasetId, CancellationToken cancellationToken) =>
        AcquireAsync(connectionString, "SELECT 1 FROM datasets WHERE id = @id FOR NO KEY UPDATE", datasetId, cancellationToken);

    /// <summary>The whole datasets table (ACCESS EXCLUSIVE): even reads of it wait, e.g. loading a dataset's pipeline.</summary>
    public static Task<DatabaseLock> DatasetsTableAsync(string connectionString, CancellationToken cancellationToken) =>
        AcquireAsync(connectionString, "LOCK TABLE datasets IN ACCESS EXCLUSIVE MODE", null, cancellationToken);

    private static async Task<DatabaseLock> AcquireAsync(string connectionString, string sql, Guid? id, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (id is { } value)
        {
            command.Parameters.AddWithValue("id", value);
            Assert.NotNull(await command.ExecuteScalarAsync(cancellationToken)); // the row exists, so it is locked now
        }
        else
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new DatabaseLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
