using System.Net;
using System.Net.Sockets;

namespace MlWorkflow.AppHost.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port the kernel says is free now (the servers bind it a moment later).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
