using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace MlWorkflow.Tests.AppHost;

/// <summary>The app model each mode builds, inspected without starting anything.</summary>
public sealed class AppHostModelTests : IDisposable
{
    private readonly string _dataDirectory = AppHostArgs.NewDataDirectory();

    [Fact]
    public async Task LocalModeRunsPostgresAndRedisAsExecutablesOnLoopbackPorts()
    {
        await using var builder = await CreateAsync(AppHostArgs.Local(_dataDirectory));

        var executables = Executables(builder).ToDictionary(r => r.Name);
        Assert.Equal(["postgres", "redis"], executables.Keys.Order());
        foreach (var executable in executables.Values)
        {
            var endpoint = Assert.Single(executable.Annotations.OfType<EndpointAnnotation>());
            Assert.False(endpoint.IsProxied);
            Assert.NotNull(endpoint.Port);
            Assert.Equal(endpoint.Port, endpoint.TargetPort);
            Assert.Single(executable.Annotations.OfType<HealthCheckAnnotation>());
        }
        Assert.Empty(builder.Resources.OfType<ContainerResource>());

        var database = ConnectionString(builder, "mlworkflowdb");
        Assert.Equal("Host=127.0.0.1;Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value};Database=mlworkflowdb",
            database.ConnectionStringExpression.ValueExpression);
        Assert.Contains(database.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "postgres");
        var cache = ConnectionString(builder, "cache");
        Assert.Equal("127.0.0.1:{redis.bindings.tcp.port},password={redis-password.value}", cache.ConnectionStringExpression.ValueExpression);
        Assert.Contains(cache.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "redis");

        Assert.True(File.Exists(Path.Combine(_dataDirectory, "postgres", "password")));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "redis", "redis.conf")));
    }

    [Fact]
    public async Task LocalModeKeepsItsPasswordsAcrossRuns()
    {
        string first;
        await using (var builder = await CreateAsync(AppHostArgs.Local(_dataDirectory)))
        {
            first = await Parameter(builder, "postgres-password");
        }
        await using var again = await CreateAsync(AppHostArgs.Local(_dataDirectory));

        Assert.Equal(first, await Parameter(again, "postgres-password"));
        Assert.Equal(32, first.Length);
    }

    [Fact]
    public async Task ExistingModeHandsOverTheGivenConnectionStrings()
    {
        await using var builder = await CreateAsync(AppHostArgs.Existing("Host=db.example;Database=mlworkflowdb", "cache.example:6379"));

        Assert.Empty(Executables(builder));
        Assert.Empty(builder.Resources.OfType<ContainerResource>());
        Assert.Equal("Host=db.example;Database=mlworkflowdb", await ConnectionStringValue(builder, "mlworkflowdb"));
        Assert.Equal("cache.example:6379", await ConnectionStringValue(builder, "cache"));
    }

    [Fact]
    public async Task ContainersModeRunsPostgresWithAVolumeAndRedis()
    {
        await using var builder = await CreateAsync(["--Infrastructure:Mode=containers"]);

        var postgres = Assert.IsType<PostgresServerResource>(builder.Resources.Single(r => r.Name == "postgres"));
        Assert.Contains(postgres.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        Assert.IsType<PostgresDatabaseResource>(builder.Resources.Single(r => r.Name == "mlworkflowdb"));
        Assert.IsType<RedisResource>(builder.Resources.Single(r => r.Name == "cache"));
        Assert.Empty(Executables(builder));
    }

    [Fact]
    public async Task PublishModeDescribesContainersAndNoExecutablesWhateverTheMode()
    {
        await using var builder = await CreateAsync(
            ["--publisher", "manifest", "--output-path", Path.Combine(_dataDirectory, "manifest"), .. AppHostArgs.Local(_dataDirectory)]);

        Assert.True(builder.ExecutionContext.IsPublishMode);
        Assert.Empty(builder.Resources.OfType<ExecutableResource>());
        Assert.Contains(builder.Resources, r => r is PostgresServerResource);
        Assert.Contains(builder.Resources, r => r is RedisResource);
    }

    [Fact]
    public async Task ServicesAreWiredToTheInfrastructureAndEachOther()
    {
        await using var builder = await CreateAsync(AppHostArgs.Local(_dataDirectory));
        var api = Project(builder, "api");
        var worker = Project(builder, "worker");
        var web = Project(builder, "web");

        Assert.Equal(["cache", "mlworkflowdb"], WaitsFor(api));
        Assert.Equal(["api"], WaitsFor(worker));
        Assert.Equal(["api"], WaitsFor(web));
        Assert.All([api, worker, web], p => Assert.NotEmpty(p.Annotations.OfType<HealthCheckAnnotation>()));
        Assert.Contains(web.Annotations.OfType<EndpointAnnotation>(), e => e.IsExternal);

        Assert.Equal(["cache", "jwt-signing-key", "mlworkflowdb"], References(api));
        Assert.Equal(["cache", "mlworkflowdb"], References(worker));
        // Web reads the database only for Hangfire's dashboard, linked from the resource's URLs.
        Assert.Equal(["api", "mlworkflowdb"], References(web));
        Assert.NotEmpty(web.Annotations.OfType<ResourceUrlsCallbackAnnotation>());

        var signingKey = Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == "jwt-signing-key"));
        Assert.True(signingKey.Secret);
    }

    public void Dispose() => AppHostArgs.DeleteQuietly(_dataDirectory);

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.MlWorkflow_AppHost>(args, TestContext.Current.CancellationToken);

    /// <summary>Executables we declared (Aspire adds hidden "-rebuilder" children of the projects in run mode).</summary>
    private static IEnumerable<ExecutableResource> Executables(IDistributedApplicationTestingBuilder builder) =>
        builder.Resources.OfType<ExecutableResource>().Where(r => r is not IResourceWithParent);

    private static ProjectResource Project(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name);

    private static ConnectionStringResource ConnectionString(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.OfType<ConnectionStringResource>().Single(r => r.Name == name);

    private static string[] WaitsFor(IResource resource) =>
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order()];

    private static string[] References(IResource resource) =>
        [.. resource.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => r.Type == "Reference").Select(r => r.Resource.Name).Distinct().Order()];

    private static async Task<string?> ConnectionStringValue(IDistributedApplicationTestingBuilder builder, string name) =>
        await builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == name)
            .GetConnectionStringAsync(TestContext.Current.CancellationToken);

    private static async Task<string> Parameter(IDistributedApplicationTestingBuilder builder, string name) =>
        await builder.Resources.OfType<ParameterResource>().Single(r => r.Name == name)
            .GetValueAsync(TestContext.Current.CancellationToken) ?? "";
}
