using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>
/// The machine's PostgreSQL server binaries and redis-server. Debian keeps postgres/initdb in
/// /usr/lib/postgresql/N/bin (not on PATH); Homebrew and others answer <c>pg_config --bindir</c>.
/// </summary>
public sealed record LocalBinaries(string PostgresBinDirectory, string RedisServer)
{
    public string Postgres => Path.Combine(PostgresBinDirectory, "postgres");

    public string InitDb => Path.Combine(PostgresBinDirectory, "initdb");

    /// <summary>Finds both, or returns null. <c>Infrastructure:PostgresBinDirectory</c> and <c>Infrastructure:RedisServer</c> override the search.</summary>
    public static LocalBinaries? Find(IConfiguration configuration)
    {
        var postgres = PostgresCandidates(configuration).FirstOrDefault(HasServerBinaries);
        var redis = RedisCandidates(configuration).FirstOrDefault(File.Exists);
        return postgres is null || redis is null ? null : new LocalBinaries(postgres, redis);
    }

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "postgres")) && File.Exists(Path.Combine(directory, "initdb"));

    private static IEnumerable<string> PostgresCandidates(IConfiguration configuration)
    {
        if (configuration["Infrastructure:PostgresBinDirectory"] is { Length: > 0 } configured)
        {
            yield return configured;
            yield break;
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newestFirst = Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0);
            foreach (var versionDirectory in newestFirst)
            {
                yield return Path.Combine(versionDirectory, "bin");
            }
        }
        if (PgConfigBinDirectory() is { } fromPgConfig)
        {
            yield return fromPgConfig;
        }
        foreach (var directory in SearchPath())
        {
            yield return directory;
        }
    }

    private static IEnumerable<string> RedisCandidates(IConfiguration configuration)
    {
        if (configuration["Infrastructure:RedisServer"] is { Length: > 0 } configured)
        {
            return [configured];
        }
        return SearchPath().Concat(["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"])
            .Select(directory => Path.Combine(directory, "redis-server"));
    }

    private static IEnumerable<string> SearchPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static string? PgConfigBinDirectory()
    {
        var pgConfig = SearchPath().Select(d => Path.Combine(d, "pg_config")).FirstOrDefault(File.Exists);
        if (pgConfig is null)
        {
            return null;
        }
        using var process = Process.Start(new ProcessStartInfo(pgConfig, "--bindir") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        return process.WaitForExit(TimeSpan.FromSeconds(5)) && process.ExitCode == 0 && output.Length > 0 ? output : null;
    }
}
