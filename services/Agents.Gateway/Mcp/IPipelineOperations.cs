using Agents.Contracts;
using Agents.Pipeline;

namespace Agents.Gateway.Mcp;

/// <summary>
/// The pipeline operations the MCP tools call, whichever process runs pipelines: this one (embedded) or the
/// orchestrator (distributed). Refusals a caller can act on (bad input, pipelines unavailable) are
/// <see cref="ModelContextProtocol.McpException"/>s whose message the calling model reads.
/// </summary>
internal interface IPipelineOperations
{
    Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken);

    Task<PipelineRun?> GetAsync(string id, CancellationToken cancellationToken);

    Task<PipelineRunPage> ListAsync(int pageSize, string? next, CancellationToken cancellationToken);

    Task<RunCommandOutcome> ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken);
}
