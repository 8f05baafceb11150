using System.Net;
using System.Net.Sockets;

namespace Agents.Testing;

/// <summary>A loopback port free right now, for a listener that must be told its port (a service's <c>Grpc:Port</c>).</summary>
public static class TestPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
