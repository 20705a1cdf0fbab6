using Npgsql;
using StackExchange.Redis;

namespace MlWorkflow.Tests.Infrastructure;

public sealed class InfrastructureFixtureTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task PostgresServerAnswersQueries()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select current_database()", connection);
        var name = (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("test_", name);
    }

    [Fact]
    public async Task RedisServerAnswersPing()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.Redis.ConnectionString);
        var latency = await redis.GetDatabase().PingAsync();
        Assert.True(latency < TimeSpan.FromSeconds(5));
    }
}
