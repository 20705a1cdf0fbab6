using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>
/// The folder the AppHost owns in local mode: <c>Infrastructure:DataDirectory</c>, else the repository's
/// git-ignored <c>.data/</c> beside MlWorkflow.sln, else the user's data folder. Kept across runs.
/// </summary>
public sealed class LocalDataDirectory
{
    public const string SettingKey = "Infrastructure:DataDirectory";

    private LocalDataDirectory(string root) => Root = root;

    public string Root { get; }

    public static LocalDataDirectory Resolve(IConfiguration configuration, string appHostDirectory)
    {
        var root = configuration[SettingKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, appHostDirectory)
            : DefaultRoot(appHostDirectory);
        Directory.CreateDirectory(root);
        return new LocalDataDirectory(root);
    }

    /// <summary>A sub-folder, created if missing.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>A random password kept in <paramref name="relativePath"/> (mode 600): generated on first use, then reused.</summary>
    public string Secret(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 16 } existing)
        {
            return existing;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Letters and digits only: safe unquoted in connection strings and redis.conf.
        var secret = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 32);
        WritePrivate(path, secret + "\n");
        return secret;
    }

    /// <summary>Writes a file only its owner can read.</summary>
    public static void WritePrivate(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, options);
        writer.Write(contents);
    }

    private static string DefaultRoot(string appHostDirectory)
    {
        var repository = Path.GetFullPath(Path.Combine(appHostDirectory, ".."));
        if (File.Exists(Path.Combine(repository, "MlWorkflow.sln")))
        {
            return Path.Combine(repository, ".data");
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "MlWorkflow");
    }
}
