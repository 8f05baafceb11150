using System.Runtime.Versioning;
using Agents.Sandbox.Isolation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agents.Sandbox;

/// <summary>Readiness: code can be run (isolated, or unisolated when explicitly allowed).</summary>
[SupportedOSPlatform("linux")]
internal sealed class SandboxHealthCheck(SandboxRunner runner) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await runner.EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);
            return runner.Mode == "none" ? HealthCheckResult.Degraded("Running code WITHOUT isolation (Sandbox:AllowUnisolated).") : HealthCheckResult.Healthy();
        }
        catch (SandboxUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
