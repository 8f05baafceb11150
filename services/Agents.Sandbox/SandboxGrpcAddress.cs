using System.Globalization;
using Agents.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Agents.Sandbox;

/// <summary>
/// Where <see cref="SandboxGrpcClient"/> sends its calls. With a Dapr sidecar (detected as <see cref="ServiceClients"/>
/// detects it) to the sidecar's gRPC API, which daprd names in <c>DAPR_GRPC_ENDPOINT</c> or <c>DAPR_GRPC_PORT</c>, with
/// <c>dapr-app-id: sandbox</c> on each call; without, to the sandbox's endpoint named "grpc" by service discovery
/// (<c>services:sandbox:grpc:0</c>, which the AppHost's <c>WithReference</c> sets for that endpoint).
/// </summary>
internal static class SandboxGrpcAddress
{
    public const string EndpointName = "grpc";

    private const string SidecarEndpointVariable = "DAPR_GRPC_ENDPOINT";
    private const string SidecarPortVariable = "DAPR_GRPC_PORT";

    /// <summary>Service discovery's form for a named endpoint: <c>_{endpoint}.{service}</c>.</summary>
    public static Uri Discovered { get; } = new($"http://_{EndpointName}.{ServiceNames.Sandbox}");

    public static string DiscoverySetting => $"services:{ServiceNames.Sandbox}:{EndpointName}:0";

    public static string MissingSidecarEndpoint =>
        $"There is a Dapr sidecar (DAPR_HTTP_PORT), but neither {SidecarEndpointVariable} nor {SidecarPortVariable} gives its gRPC address; set one, or {SandboxClientOptions.SectionName}:{nameof(SandboxClientOptions.Protocol)} to '{SandboxClientProtocols.Http}'.";

    public static string MissingDiscoverySetting =>
        $"The sandbox service cannot be reached over gRPC: there is no Dapr sidecar, so {DiscoverySetting} must be the URL of its gRPC (HTTP/2) endpoint (service discovery); or set {SandboxClientOptions.SectionName}:{nameof(SandboxClientOptions.Protocol)} to '{SandboxClientProtocols.Http}'.";

    /// <summary>The sidecar's gRPC address; null without a sidecar or when daprd's variables do not give one.</summary>
    public static Uri? Sidecar(IConfiguration configuration)
    {
        if (!ServiceClients.HasDaprSidecar(configuration))
        {
            return null;
        }
        if (configuration[SidecarEndpointVariable] is { Length: > 0 } endpoint)
        {
            // Dapr accepts the endpoint with or without its scheme; without one it is cleartext.
            return Uri.TryCreate(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint, UriKind.Absolute, out var uri) ? uri : null;
        }
        return int.TryParse(configuration[SidecarPortVariable], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"))
            : null;
    }

    public static bool HasDiscoverySetting(IConfiguration configuration) =>
        configuration.GetSection($"services:{ServiceNames.Sandbox}:{EndpointName}").Exists();
}
