using System.Globalization;
using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How one of our services calls another: at <c>http://{appId}</c>. With a Dapr sidecar beside this process the call
/// goes through the sidecar's service invocation — Dapr's <see cref="InvocationHandler"/>, the handler
/// <c>DaprClient.CreateInvokeHttpClient(appId)</c> builds, here inside the factory's pipeline so the resilience and
/// telemetry handlers still apply — and daprd finds the app, adds mTLS and traces. Without one, service discovery
/// resolves the name from <c>services:{appId}:http:0</c>, which the AppHost's <c>WithReference</c> sets.
/// </summary>
public static class ServiceClients
{
    // daprd tells its app its HTTP port in this variable (Dapr's own clients read it too).
    private const string SidecarPortVariable = "DAPR_HTTP_PORT";

    /// <summary>The sidecar's HTTP address when daprd runs beside this process; null otherwise (or not a port).</summary>
    public static Uri? DaprSidecarAddress(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return int.TryParse(configuration[SidecarPortVariable], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"))
            : null;
    }

    public static bool HasDaprSidecar(IConfiguration configuration) => DaprSidecarAddress(configuration) is not null;

    /// <summary>The service-discovery setting that gives <paramref name="appId"/>'s address without a sidecar.</summary>
    public static string DiscoverySetting(string appId) => $"services:{appId}:http:0";

    /// <summary>True when calls to <paramref name="appId"/> have somewhere to go: a sidecar, or its discovery setting.</summary>
    public static bool CanReach(IConfiguration configuration, string appId) =>
        HasDaprSidecar(configuration) || configuration.GetSection($"services:{appId}").Exists();

    /// <summary>Sends this client's calls to <paramref name="appId"/> (see the class remarks).</summary>
    public static IHttpClientBuilder AddServiceInvocation(this IHttpClientBuilder http, IConfiguration configuration, string appId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        http.ConfigureHttpClient(client => client.BaseAddress = new Uri($"http://{appId}"));
        if (DaprSidecarAddress(configuration) is { } sidecar)
        {
            http.AddHttpMessageHandler(() => new InvocationHandler { DaprEndpoint = sidecar.ToString() });
        }
        return http;
    }
}
