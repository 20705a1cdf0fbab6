using System.Diagnostics;
using MlWorkflow.Tests.Web;

namespace MlWorkflow.Tests.Worker;

/// <summary>The built MlWorkflow.Worker.dll in a process of its own, as in production: healthy before it is used.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly AppServer _server;
    private bool _stopped;
    private WorkerProcess(AppServer server) => _server = server;

    public string Output => _server.Output;

    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string> settings) =>
        new(await AppServer.StartAsync("MlWorkflow.Worker", settings, TestContext.Current.CancellationToken));

    /// <summary>SIGKILL: the process dies mid-job without any chance to clean up.</summary>
    public void Kill()
    {
        using var process = Process.GetProcessById(_server.ProcessId);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>SIGTERM (a graceful stop), once.</summary>
    public ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return ValueTask.CompletedTask;
        }
        _stopped = true;
        return _server.DisposeAsync();
    }
}
