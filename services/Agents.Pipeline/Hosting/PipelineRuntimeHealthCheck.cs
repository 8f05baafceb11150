using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agents.Pipeline.Hosting;

/// <summary>
/// Readiness: this process runs pipelines. When it cannot (its data folder belongs to another process, the runtime did
/// not start), every pipeline call answers 503, so <c>/health</c> must not say Healthy; liveness stays up, because
/// restarting the process would not help and the other APIs still serve.
/// </summary>
internal sealed class PipelineRuntimeHealthCheck(PipelineRuntime runtime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(runtime.Problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}
