using StackExchange.Redis;

namespace MlWorkflow.Tests.Infrastructure;

/// <summary>A throwaway redis-server on a free loopback port with no persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string _directory;

    private RedisServer(ServerProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, cancellationToken);

    /// <summary>Starts on <paramref name="port"/> when given (a client may already be trying it), else on a free port.</summary>
    public static async Task<RedisServer> StartAsync(int? port, CancellationToken cancellationToken = default)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server was not found. Install it with: sudo apt-get install -y redis-server");
        var directory = Directory.CreateTempSubdirectory("mlworkflow-redis-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var listen = port ?? FreePort.Next();
            var process = ServerProcess.Start(executable,
                ["--port", listen.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
                directory);
            var server = new RedisServer(process, directory, listen);
            if (await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(15), cancellationToken))
            {
                return server;
            }
            var output = process.Output;
            StopProcess(process);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"redis-server did not start on port {listen}.\n{output}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        StopProcess(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    private static void StopProcess(ServerProcess process)
    {
        process.Stop(ServerProcess.SigTerm, TimeSpan.FromSeconds(5));
        process.Dispose();
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},abortConnect=true,connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        return false;
    }
}
