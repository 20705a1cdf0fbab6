extern alias api;

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MlWorkflow.Tests.Infrastructure;
using StackExchange.Redis;
using DeploymentChanges = api::MlWorkflow.Api.Deployments.Serving.DeploymentChanges;

namespace MlWorkflow.Tests.Api;

/// <summary>Changes published by other replicas are heard, even when Redis was down while the Api started.</summary>
public sealed class DeploymentChangesRedisTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task ChangesAreHeardOnceRedisComesUpAfterTheApi()
    {
        var cancel = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        await using var factory = await StandaloneApiFactory.StartAsync(infrastructure, $"127.0.0.1:{port},abortConnect=false", waitUntilHealthy: false);
        using var client = factory.CreateClient();
        var heard = new ConcurrentDictionary<Guid, bool>();
        factory.Services.GetRequiredService<DeploymentChanges>().Changed += id => heard[id] = true;

        Assert.True((await client.GetAsync("/", cancel)).IsSuccessStatusCode);
        await using var redis = await RedisServer.StartAsync(port, cancel);
        await using var otherReplica = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // Published until the Api's subscription, retried in the background since start-up, receives one.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        Guid published;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "The Api never heard a change published after Redis came up.");
            published = Guid.NewGuid();
            await otherReplica.GetSubscriber().PublishAsync(DeploymentChanges.Channel, published.ToString("D"));
            await Task.Delay(200, cancel);
        }
        while (!heard.ContainsKey(published));
        Assert.True((await client.GetAsync("/", cancel)).IsSuccessStatusCode);
    }
}
