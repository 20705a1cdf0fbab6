namespace MlWorkflow.Tests.AppHost;

/// <summary>Command-line settings for the AppHost under test, and a data folder the postgres user can reach.</summary>
internal static class AppHostArgs
{
    public static string NewDataDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("mlworkflow-apphost-").FullName;
        // As root, the local cluster runs as the 'postgres' user, which must be able to traverse this folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        return directory;
    }

    public static string[] Local(string dataDirectory) =>
        ["--Infrastructure:Mode=local", $"--Infrastructure:DataDirectory={dataDirectory}"];

    public static string[] Existing(string database, string cache) =>
        ["--Infrastructure:Mode=existing", $"--ConnectionStrings:mlworkflowdb={database}", $"--ConnectionStrings:cache={cache}"];

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
