using MlWorkflow.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]

namespace MlWorkflow.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL and one real Redis for the whole test run, started on free loopback ports and
/// stopped afterwards. Tests get their own database from <see cref="CreateDatabaseAsync"/>.
/// A missing binary fails loudly with the install line: it is never a skip.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis is not started.");

    public async ValueTask InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        _postgres = await postgres;
        _redis = await redis;
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string prefix = "test") =>
        Postgres.CreateDatabaseAsync($"{prefix}_{Guid.NewGuid():N}");

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
