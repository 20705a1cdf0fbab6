using Microsoft.AspNetCore.Components.Server.Circuits;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Lets code running in another DI scope (IHttpClientFactory's handlers) reach the current circuit's
/// services, as the ASP.NET Core docs describe ("Access server-side Blazor services from a different DI scope").
/// </summary>
public sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> s_services = new();

    public IServiceProvider? Services
    {
        get => s_services.Value;
        set => s_services.Value = value;
    }
}

internal sealed class ServicesAccessorCircuitHandler(IServiceProvider services, CircuitServicesAccessor accessor) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(
        Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            accessor.Services = services;
            await next(context);
            accessor.Services = null;
        };
}
