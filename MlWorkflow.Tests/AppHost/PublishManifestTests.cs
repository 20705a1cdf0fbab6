using System.Text.Json.Nodes;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.AppHost;

/// <summary>The manifest azd deploys from, produced the way azd produces it (the AppHost with --publisher manifest).</summary>
public sealed class PublishManifestTests : IDisposable
{
    private readonly string _output = AppHostArgs.NewDataDirectory();

    [Fact]
    public void ManifestHasContainersForPostgresAndRedisProjectsForServicesAndNoExecutables()
    {
        var resources = PublishManifest()["resources"]!.AsObject();

        Assert.DoesNotContain(resources, r => r.Value!["type"]!.GetValue<string>().StartsWith("executable", StringComparison.Ordinal));
        var postgres = resources["postgres"]!;
        Assert.Equal("container.v0", Type(postgres));
        Assert.Contains("postgres", postgres["image"]!.GetValue<string>());
        Assert.NotEmpty(postgres["volumes"]!.AsArray());
        Assert.Equal("{postgres.connectionString};Database=mlworkflowdb", resources["mlworkflowdb"]!["connectionString"]!.GetValue<string>());
        Assert.Equal("container.v0", Type(resources["cache"]!));
        Assert.Contains("redis", resources["cache"]!["image"]!.GetValue<string>());
        Assert.All(new[] { "api", "worker", "web" }, name => Assert.Equal("project.v0", Type(resources[name]!)));

        foreach (var service in new[] { "api", "worker" })
        {
            var environment = resources[service]!["env"]!;
            Assert.Equal("{mlworkflowdb.connectionString}", environment["ConnectionStrings__mlworkflowdb"]!.GetValue<string>());
            Assert.Equal("{cache.connectionString}", environment["ConnectionStrings__cache"]!.GetValue<string>());
        }
        Assert.Equal("{jwt-signing-key.value}", resources["api"]!["env"]!["Jwt__SigningKey"]!.GetValue<string>());
        var signingKey = resources["jwt-signing-key"]!["inputs"]!["value"]!;
        Assert.True(signingKey["secret"]!.GetValue<bool>());
        Assert.NotNull(signingKey["default"]!["generate"]);
        Assert.Contains(resources["web"]!["bindings"]!.AsObject(), b => b.Value!["external"]?.GetValue<bool>() == true);
        // Web gets the database (for Hangfire's dashboard) but never the cache.
        Assert.Equal("{mlworkflowdb.connectionString}", resources["web"]!["env"]!["ConnectionStrings__mlworkflowdb"]!.GetValue<string>());
        Assert.Null(resources["web"]!["env"]!["ConnectionStrings__cache"]);
    }

    public void Dispose() => AppHostArgs.DeleteQuietly(_output);

    private JsonNode PublishManifest()
    {
        ServerProcess.Run("dotnet", ProjectOutput.Assembly("MlWorkflow.AppHost"), "--publisher", "manifest", "--output-path", _output);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(_output, "aspire-manifest.json")))!;
    }

    private static string Type(JsonNode resource) => resource["type"]!.GetValue<string>();
}
