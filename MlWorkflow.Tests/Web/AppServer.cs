using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Web;

/// <summary>
/// One of our built apps (e.g. MlWorkflow.Api) run as in production: <c>dotnet X.dll --urls …</c> in its own
/// process on a free loopback port, healthy when its /health answers 200, stopped with SIGTERM.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private AppServer(ServerProcess process, string project, Uri address)
    {
        _process = process;
        Project = project;
        Address = address;
    }

    public string Project { get; }

    public Uri Address { get; }

    public string Output => _process.Output;

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="project"/> with <paramref name="settings"/> as configuration (given as
    /// command-line arguments, which override anything the environment holds) and waits until it is healthy.</summary>
    public static async Task<AppServer> StartAsync(string project, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var assembly = Locate(project);
        for (var attempt = 1; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            string[] arguments = [assembly, "--urls", address.ToString().TrimEnd('/'), .. settings.Select(s => $"--{s.Key}={s.Value}")];
            var server = new AppServer(ServerProcess.Start("dotnet", arguments, Path.GetDirectoryName(assembly)), project, address);
            if (await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), cancellationToken))
            {
                return server;
            }
            var output = server.Output;
            await server.DisposeAsync();
            if (attempt == 3 || !output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{project} did not become healthy at {address}health. Its output:\n{output}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Stop(ServerProcess.SigTerm, TimeSpan.FromSeconds(15));
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Finds X.dll beside the test assembly: artifacts/bin/MlWorkflow.Tests/debug → artifacts/bin/X/debug.</summary>
    private static string Locate(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var binDirectory = testOutput.Parent?.Parent?.FullName ?? throw new InvalidOperationException($"Unexpected test output folder {testOutput}.");
        var assembly = Path.Combine(binDirectory, project, testOutput.Name, $"{project}.dll");
        return File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException(
                $"{assembly} is missing. Build the solution first (dotnet build); MlWorkflow.Tests references {project} so a build of the tests builds it.", assembly);
    }

    private async Task<bool> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(250, cancellationToken);
        }
        return false;
    }
}
