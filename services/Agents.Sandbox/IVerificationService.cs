using Agents.Contracts;

namespace Agents.Sandbox;

/// <summary>
/// Verifies code: syntax, claims, security and tests, each with its proof. In-process in the embedded runtime
/// (<c>AddAgentsSandbox</c>), over gRPC or HTTP to SandboxHost in the distributed one (<c>AddAgentsSandboxClient</c>).
/// </summary>
public interface IVerificationService
{
    /// <exception cref="InvalidVerificationRequestException">A path, size, language or timeout is not acceptable.</exception>
    /// <exception cref="SandboxUnavailableException">Code cannot be run in isolation here and unisolated runs are not allowed.</exception>
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}
