using Microsoft.Extensions.Configuration;
using MlWorkflow.AppHost.Infrastructure;

namespace MlWorkflow.Tests.AppHost;

public sealed class InfrastructureModeResolverTests
{
    private static readonly ContainerRuntimeProbe s_engineAnswers = new(true, "docker", "the docker engine answered (server 28.2.2)");
    private static readonly ContainerRuntimeProbe s_noEngine = new(false, null, "no container runtime answered (docker: not installed)");
    private static readonly LocalBinaries s_binaries = new("/usr/lib/postgresql/15/bin", "/usr/bin/redis-server");

    [Fact]
    public void AutoPrefersContainersWhenAnEngineAnswers()
    {
        var choice = Resolve([], probe: s_engineAnswers, binaries: s_binaries);

        Assert.Equal(InfrastructureMode.Containers, choice.Mode);
        Assert.Contains("docker engine answered", choice.Reason);
    }

    [Fact]
    public void AutoFallsBackToLocalBinariesWithoutAnEngine()
    {
        var choice = Resolve([], probe: s_noEngine, binaries: s_binaries);

        Assert.Equal(InfrastructureMode.Local, choice.Mode);
        Assert.Contains("no container runtime answered", choice.Reason);
        Assert.Contains("/usr/lib/postgresql/15/bin", choice.Reason);
    }

    [Fact]
    public void AutoWithNothingAvailableFailsNamingEveryFix()
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() => Resolve([], probe: s_noEngine, binaries: null));

        Assert.Contains("Docker or Podman", error.Message);
        Assert.Contains("apt-get install postgresql redis-server", error.Message);
        Assert.Contains("ConnectionStrings__mlworkflowdb", error.Message);
        Assert.Contains("Infrastructure__Mode=existing", error.Message);
    }

    [Fact]
    public void PublishModeAlwaysUsesContainersWithoutProbing()
    {
        var choice = InfrastructureModeResolver.Resolve(
            Configuration(new() { ["Infrastructure:Mode"] = "local" }), isPublishMode: true,
            () => throw new InvalidOperationException("probed"), () => throw new InvalidOperationException("searched"));

        Assert.Equal(InfrastructureMode.Containers, choice.Mode);
    }

    [Theory]
    [InlineData("containers", InfrastructureMode.Containers)]
    [InlineData("Local", InfrastructureMode.Local)]
    [InlineData(" auto ", InfrastructureMode.Local)]
    public void ExplicitModeIsTakenAsGiven(string setting, InfrastructureMode expected)
    {
        var choice = Resolve(new() { ["Infrastructure:Mode"] = setting }, probe: s_noEngine, binaries: s_binaries);

        Assert.Equal(expected, choice.Mode);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("1")]
    public void UnknownModeFailsListingTheModes(string setting)
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(
            () => Resolve(new() { ["Infrastructure:Mode"] = setting }, probe: s_noEngine, binaries: s_binaries));

        Assert.Contains($"'{setting}'", error.Message);
        Assert.Contains("containers, local, existing, auto", error.Message);
    }

    [Fact]
    public void ExistingModeWithoutConnectionStringsFailsNamingThem()
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() => Resolve(
            new() { ["Infrastructure:Mode"] = "existing", ["ConnectionStrings:cache"] = "127.0.0.1:6379" }, probe: s_noEngine, binaries: null));

        Assert.Contains("but ConnectionStrings:mlworkflowdb is not set", error.Message);
    }

    private static InfrastructureChoice Resolve(Dictionary<string, string?> settings, ContainerRuntimeProbe probe, LocalBinaries? binaries) =>
        InfrastructureModeResolver.Resolve(Configuration(settings), isPublishMode: false, () => probe, () => binaries);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
