using Npgsql;

namespace MlWorkflow.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server: initdb into a temp folder, started on a free loopback port, stopped
/// with a fast shutdown and deleted on dispose. Debian keeps the binaries in /usr/lib/postgresql/N/bin.
/// Postgres refuses to run as root, so as root the server runs as the 'postgres' user via setpriv.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private PostgresServer(ServerProcess process, string dataDirectory, int port)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Password = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 50,
        }.ConnectionString;

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var root = Directory.CreateTempSubdirectory("mlworkflow-pg-").FullName;
        var dataDirectory = Path.Combine(root, "data");
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, "postgres\n", cancellationToken);

        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            ServerProcess.Run("chown", "-R", "postgres:postgres", root);
        }

        ServerProcess.Run(asRoot ? "setpriv" : Path.Combine(binDirectory, "initdb"), [
            .. RunAs(asRoot),
            .. asRoot ? [Path.Combine(binDirectory, "initdb")] : Array.Empty<string>(),
            "-D", dataDirectory, "-U", "postgres", "--pwfile", passwordFile,
            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ServerProcess.Start(asRoot ? "setpriv" : Path.Combine(binDirectory, "postgres"), [
                .. RunAs(asRoot),
                .. asRoot ? [Path.Combine(binDirectory, "postgres")] : Array.Empty<string>(),
                "-D", dataDirectory, "-p", port.ToString(), "-k", root,
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=500",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=128MB"]);
            var server = new PostgresServer(process, dataDirectory, port);
            if (await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken))
            {
                return server;
            }
            var output = process.Output;
            await server.DisposeAsync();
            if (attempt == 3 || !output.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"PostgreSQL did not start on port {port}.\n{output}");
            }
        }
    }

    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public ValueTask DisposeAsync()
    {
        // SIGINT is postgres's "fast" shutdown; SIGTERM would wait for clients to leave.
        _process.Stop(ServerProcess.SigInt, TimeSpan.FromSeconds(15));
        _process.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        return false;
    }

    private static string[] RunAs(bool asRoot) =>
        asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups"] : [];

    private static string FindBinDirectory()
    {
        string[] versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries were not found in /usr/lib/postgresql/*/bin. " +
                "Install them with: sudo apt-get install -y postgresql");
    }
}
