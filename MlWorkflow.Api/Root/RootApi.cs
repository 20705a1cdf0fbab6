using System.Reflection;

namespace MlWorkflow.Api.Root;

public sealed record RootResponse(string Name, string Version, IReadOnlyDictionary<string, string> Links);

public static class RootApi
{
    private static readonly string s_version =
        typeof(RootApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    public static IEndpointConventionBuilder MapRootApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/", GetRoot).WithName("Root_Get").WithTags("Root").WithSummary("What this API is and where to start.");

    public static RootResponse GetRoot() => new("MlWorkflow API", s_version, new Dictionary<string, string>
    {
        ["docs"] = "/docs",
        ["openapi"] = "/openapi/v1.json",
        ["health"] = "/health",
        ["alive"] = "/alive",
        ["register"] = "/api/auth/register",
        ["token"] = "/api/auth/token",
        ["upload"] = "/api/upload",
        ["datasets"] = "/api/datasets",
        ["me"] = "/api/auth/me",
        ["tasks"] = "/api/tasks",
        ["logs"] = "/api/logs/{taskId}",
        ["liveLogs"] = "/ws/logs?taskId={taskId}&after={seq}",
    });
}
