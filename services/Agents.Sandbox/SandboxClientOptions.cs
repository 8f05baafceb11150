using System.ComponentModel.DataAnnotations;

namespace Agents.Sandbox;

/// <summary>
/// Configuration section <c>SandboxClient</c>, for <see cref="SandboxGrpcClient"/> and <see cref="SandboxHttpClient"/>.
/// Where SandboxHost listens is not here: it is found through the Dapr sidecar or service discovery
/// (<c>services:sandbox</c>).
/// </summary>
public sealed class SandboxClientOptions
{
    public const string SectionName = "SandboxClient";

    /// <summary>Per request; a C# verification restores, builds and tests, so this is generous.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// <see cref="SandboxClientProtocols.Grpc"/> (<c>agents.v1.Verification/Verify</c> on the sandbox's gRPC endpoint)
    /// or <see cref="SandboxClientProtocols.Http"/> (<c>POST /api/verify</c>).
    /// </summary>
    [AllowedValues(SandboxClientProtocols.Grpc, SandboxClientProtocols.Http, ErrorMessage = "SandboxClient:Protocol must be 'grpc' or 'http'.")]
    public string Protocol { get; set; } = SandboxClientProtocols.Grpc;
}
