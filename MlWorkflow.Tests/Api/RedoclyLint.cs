using System.Diagnostics;
using System.Text.Json;

namespace MlWorkflow.Tests.Api;

/// <summary>One problem Redocly reports: its rule, severity, where (a JSON pointer into the document) and what.</summary>
public sealed record RedoclyProblem(string RuleId, string Severity, string Pointer, string Message)
{
    public override string ToString() => $"{Severity} {RuleId} at {Pointer}: {Message}";
}

/// <summary>
/// Runs Redocly's CLI (<c>redocly lint --extends recommended</c>, as scripts/lint-openapi.sh does) on a document: the
/// version pinned in scripts/redocly, which scripts/setup.sh --test installs there. Missing, it fails with that line.
/// </summary>
public static class RedoclyLint
{
    public static async Task<IReadOnlyList<RedoclyProblem>> RunAsync(string documentJson, CancellationToken cancellationToken)
    {
        var cli = Path.Combine(RepositoryRoot(), "scripts", "redocly", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run ./scripts/setup.sh --test (it installs @redocly/cli with npm).");
        var file = Path.Combine(Path.GetTempPath(), $"mlworkflow-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, documentJson, cancellationToken);
        try
        {
            var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { cli, "lint", "--extends", "recommended", "--format", "json", file })
            {
                info.ArgumentList.Add(argument);
            }
            // No telemetry or update check: the lint needs no network, and the test machine has none but package registries.
            info.Environment["REDOCLY_TELEMETRY"] = "off";
            info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            info.Environment["DO_NOT_TRACK"] = "1";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            // Exit code 1 only says there are errors; the report says which.
            var stdout = await output;
            var start = stdout.IndexOf('{', StringComparison.Ordinal);
            Assert.True(start >= 0, $"redocly printed no JSON report (exit code {process.ExitCode}):\n{stdout}\n{await errors}");
            using var report = JsonDocument.Parse(stdout[start..]);
            return [.. report.RootElement.GetProperty("problems").EnumerateArray().Select(p => new RedoclyProblem(
                p.GetProperty("ruleId").GetString()!, p.GetProperty("severity").GetString()!,
                p.GetProperty("location")[0].GetProperty("pointer").GetString()!, p.GetProperty("message").GetString()!))];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MlWorkflow.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No MlWorkflow.sln above {AppContext.BaseDirectory}: the tests run from the repository's artifacts/bin.");
    }
}
