using System.Globalization;

namespace Agents.Contracts;

/// <summary>
/// The local Dapr sidecar, when there is one: daprd tells its app its HTTP port in <c>DAPR_HTTP_PORT</c>. Calls to
/// another service go to the sidecar with a <c>dapr-app-id</c> header naming the target; the sidecar finds it, adds
/// mTLS, retries and tracing.
/// </summary>
public static class DaprSidecar
{
    /// <summary>The environment variable (configuration key) daprd sets for its app.</summary>
    public const string PortVariable = "DAPR_HTTP_PORT";

    /// <summary>The header naming the app a call through the sidecar is for.</summary>
    public const string AppIdHeader = "dapr-app-id";

    /// <summary>The sidecar's base address for a <see cref="PortVariable"/> value; null when unset or not a port.</summary>
    public static Uri? AddressFrom(string? port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
            ? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{value}"))
            : null;
}
