using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>What asking the container runtimes found.</summary>
public sealed record ContainerRuntimeProbe(bool IsHealthy, string? Runtime, string Description);

/// <summary>Asks Docker and Podman whether an engine answers (`docker info`), each with a short timeout.</summary>
public static class ContainerRuntime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public static ContainerRuntimeProbe Probe(IConfiguration configuration)
    {
        // Aspire runs containers with docker unless ASPIRE_CONTAINER_RUNTIME says podman.
        var configured = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"];
        string[] runtimes = configured is { Length: > 0 } ? [configured] : ["docker", "podman"];
        var findings = new List<string>();
        foreach (var runtime in runtimes)
        {
            var (answered, detail) = Ask(runtime);
            if (answered)
            {
                return new(true, runtime, $"the {runtime} engine answered ({detail})");
            }
            findings.Add($"{runtime}: {detail}");
        }
        return new(false, null, $"no container runtime answered ({string.Join("; ", findings)})");
    }

    private static (bool Answered, string Detail) Ask(string runtime)
    {
        var info = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"`{runtime} info` gave no answer within {s_timeout.TotalSeconds:0} s");
            }
            if (process.ExitCode == 0)
            {
                return (true, $"server {output.Result.Trim()}");
            }
            var reason = error.Result.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return (false, $"`{runtime} info` failed: {reason ?? $"exit code {process.ExitCode}"}");
        }
        catch (Win32Exception)
        {
            return (false, "not installed");
        }
    }
}
