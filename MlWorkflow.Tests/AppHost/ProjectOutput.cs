namespace MlWorkflow.Tests.AppHost;

/// <summary>Another project's own build output (artifacts/bin/PROJECT/CONFIG/), beside this test assembly's.</summary>
internal static class ProjectOutput
{
    public static string Assembly(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(testOutput.Parent!.Parent!.FullName, project, testOutput.Name, project + ".dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (dotnet build MlWorkflow.Tests builds {project} too).");
        return path;
    }
}
