using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace MlWorkflow.Tests.Infrastructure;

/// <summary>A child server process whose output is kept for error messages and which is stopped with a signal.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>
    /// Whether the process ended; once it has, its output has been read to the end (the exit is seen before the
    /// asynchronous reader has taken the last lines; WaitForExit() waits for that).
    /// </summary>
    public bool HasExited
    {
        get
        {
            if (!_process.HasExited)
            {
                return false;
            }
            _process.WaitForExit();
            return true;
        }
    }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a command to completion and throws with its output when it fails.</summary>
    public static string Run(string fileName, params string[] arguments)
    {
        using var server = Start(fileName, arguments);
        if (!server._process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            server._process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' timed out.\n{server.Output}");
        }
        server._process.WaitForExit();
        if (server._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with {server._process.ExitCode}.\n{server.Output}");
        }
        return server.Output;
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="timeout"/>, then kills.</summary>
    public void Stop(int signal, TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        _ = Kill(_process.Id, signal);
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose() => _process.Dispose();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
