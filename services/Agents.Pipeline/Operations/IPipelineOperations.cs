using Agents.Contracts;

namespace Agents.Pipeline.Operations;

/// <summary>
/// The pipeline operations the API surfaces other than <c>/api/workflow</c> call (gRPC, MCP), whichever process runs
/// pipelines: this one (<see cref="LocalPipelineOperations"/>) or the orchestrator (the gateway's distributed mode).
/// Refusals a caller can act on are exceptions each surface turns into its own kind of error:
/// <see cref="PipelineRequestRejectedException"/> (bad input, field by field) and
/// <see cref="PipelinesUnavailableException"/>.
/// </summary>
public interface IPipelineOperations
{
    Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken);

    Task<PipelineRun?> GetAsync(string id, CancellationToken cancellationToken);

    Task<PipelineRunPage> ListAsync(int pageSize, string? next, CancellationToken cancellationToken);

    Task<RunCommandOutcome> ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken);

    Task<RunCommandOutcome> TerminateAsync(string id, string? reason, CancellationToken cancellationToken);
}
