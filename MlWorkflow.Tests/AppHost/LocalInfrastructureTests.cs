using Microsoft.Extensions.Configuration;
using MlWorkflow.AppHost.Infrastructure;

namespace MlWorkflow.Tests.AppHost;

public sealed class LocalInfrastructureTests : IDisposable
{
    private readonly string _root = AppHostArgs.NewDataDirectory();

    [Fact]
    public void LocalBinariesAreFoundOnThisMachine()
    {
        var binaries = LocalBinaries.Find(Configuration([]));

        Assert.NotNull(binaries);
        Assert.True(File.Exists(binaries.Postgres) && File.Exists(binaries.InitDb), binaries.PostgresBinDirectory);
        Assert.True(File.Exists(binaries.RedisServer), binaries.RedisServer);
    }

    [Fact]
    public void LocalBinariesFollowTheOverrideAndReportNothingWhenItIsWrong()
    {
        Assert.Null(LocalBinaries.Find(Configuration(new() { ["Infrastructure:PostgresBinDirectory"] = Path.Combine(_root, "missing") })));
        Assert.Null(LocalBinaries.Find(Configuration(new() { ["Infrastructure:RedisServer"] = Path.Combine(_root, "redis-server") })));
    }

    [Fact]
    public void DataDirectoryDefaultsToTheRepositoryDataFolderBesideTheSolution()
    {
        var appHost = Directory.CreateDirectory(Path.Combine(_root, "MlWorkflow.AppHost")).FullName;
        File.WriteAllText(Path.Combine(_root, "MlWorkflow.sln"), "");

        var data = LocalDataDirectory.Resolve(Configuration([]), appHost);

        Assert.Equal(Path.Combine(_root, ".data"), data.Root);
        Assert.True(Directory.Exists(data.Root));
    }

    [Fact]
    public void DataDirectorySettingWinsAndRelativePathsStartAtTheAppHost()
    {
        var data = LocalDataDirectory.Resolve(Configuration(new() { [LocalDataDirectory.SettingKey] = "state" }), _root);

        Assert.Equal(Path.Combine(_root, "state"), data.Root);
    }

    [Fact]
    public void SecretIsGeneratedOnceReadableOnlyByItsOwnerAndReused()
    {
        var data = LocalDataDirectory.Resolve(Configuration(new() { [LocalDataDirectory.SettingKey] = _root }), _root);

        var secret = data.Secret(Path.Combine("postgres", "password"));

        Assert.Equal(secret, data.Secret(Path.Combine("postgres", "password")));
        Assert.NotEqual(secret, data.Secret(Path.Combine("redis", "password")));
        Assert.Matches("^[A-Za-z0-9]{32}$", secret);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "postgres", "password")));
        }
    }

    public void Dispose() => AppHostArgs.DeleteQuietly(_root);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
