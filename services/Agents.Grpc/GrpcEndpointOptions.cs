using System.ComponentModel.DataAnnotations;

namespace Agents.Grpc;

/// <summary>
/// <c>Grpc:Port</c>: the port of the HTTP/2-only listener that serves this host's gRPC services, on the same host
/// name as its first HTTP address. Unset: no gRPC listener (the HTTP API alone, as before).
/// </summary>
public sealed class GrpcEndpointOptions
{
    public const string Section = "Grpc";

    [Range(1, 65535, ErrorMessage = "Grpc:Port must be between {1} and {2}.")]
    public int? Port { get; set; }
}
