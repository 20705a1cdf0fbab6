using System.Net;
using System.Net.Sockets;

namespace MlWorkflow.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>Asks the kernel for a free loopback port (it may be taken again before use; callers retry).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
