using System.Globalization;

namespace Agents.Gateway.Distributed;

/// <summary>
/// The local Dapr sidecar, when there is one: daprd tells its app its HTTP port in <c>DAPR_HTTP_PORT</c>. Calls to
/// another service go to the sidecar with a <c>dapr-app-id</c> header naming the target; the sidecar finds it,
/// adds mTLS, retries and tracing.
/// </summary>
internal static class DaprSidecar
{
    public const string PortVariable = "DAPR_HTTP_PORT";
    public const string AppIdHeader = "dapr-app-id";

    public static int? HttpPort(IConfiguration configuration) =>
        int.TryParse(configuration[PortVariable], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;

    public static Uri Address(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}"));
}
