using Agents.Contracts;
using Dapr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Agents.Sandbox;

/// <summary>
/// Where <see cref="SandboxGrpcClient"/> sends its calls. With a Dapr sidecar (detected as <see cref="ServiceClients"/>
/// detects it) to the sidecar's gRPC API, found as the Dapr SDK finds it, with <c>dapr-app-id: sandbox</c> on each
/// call; without, to the sandbox's endpoint named "grpc" by service discovery (<c>services:sandbox:grpc:0</c>, which
/// the AppHost's <c>WithReference</c> sets for that endpoint).
/// </summary>
internal static class SandboxGrpcAddress
{
    public const string EndpointName = "grpc";

    /// <summary>Service discovery's form for a named endpoint: <c>_{endpoint}.{service}</c>.</summary>
    public static Uri Discovered { get; } = new($"http://_{EndpointName}.{ServiceNames.Sandbox}");

    public static string DiscoverySetting => $"services:{ServiceNames.Sandbox}:{EndpointName}:0";

    public static string MissingDiscoverySetting =>
        $"The sandbox service cannot be reached over gRPC: there is no Dapr sidecar, so {DiscoverySetting} must be the URL of its gRPC (HTTP/2) endpoint (service discovery); or set {SandboxClientOptions.SectionName}:{nameof(SandboxClientOptions.Protocol)} to '{SandboxClientProtocols.Http}'.";

    /// <summary>
    /// The sidecar's gRPC address as the Dapr SDK resolves it (<c>DAPR_GRPC_ENDPOINT</c>, else <c>DAPR_GRPC_PORT</c> on
    /// loopback, else daprd's default port); null without a sidecar.
    /// </summary>
    public static Uri? Sidecar(IConfiguration configuration) =>
        ServiceClients.HasDaprSidecar(configuration) ? new Uri(DaprDefaults.GetDefaultGrpcEndpoint(configuration)) : null;

    public static bool HasDiscoverySetting(IConfiguration configuration) =>
        configuration.GetSection($"services:{ServiceNames.Sandbox}:{EndpointName}").Exists();
}
