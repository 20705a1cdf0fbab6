namespace MlWorkflow.AppHost.Infrastructure;

/// <summary>The connection names the services read (<c>ConnectionStrings:mlworkflowdb</c>, <c>ConnectionStrings:cache</c>).</summary>
public static class ConnectionNames
{
    public const string Database = "mlworkflowdb";
    public const string Cache = "cache";
}
