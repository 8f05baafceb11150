using Agents.Contracts;
using Agents.Pipeline;
using ModelContextProtocol;

namespace Agents.Gateway.Mcp;

/// <summary>The embedded mode's operations: this process's <see cref="PipelineRuns"/>, as <c>/api/workflow</c> uses them.</summary>
internal sealed class EmbeddedPipelineOperations(PipelineRuns runs) : IPipelineOperations
{
    public async Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        // The one rule that depends on configuration, as in WorkflowApi; the contract's attributes were checked by the tool.
        if (request.Requirements!.Length > runs.Options.MaxRequirementsLength)
        {
            throw new McpException($"requirements: {request.Requirements.Length} characters; the limit is {runs.Options.MaxRequirementsLength}.");
        }
        return await runs.StartAsync(request, cancellationToken);
    }

    public Task<PipelineRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return runs.GetAsync(id, cancellationToken);
    }

    public Task<PipelineRunPage> ListAsync(int pageSize, string? next, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return runs.ListAsync(pageSize, next, cancellationToken);
    }

    public Task<RunCommandOutcome> ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return runs.ApproveAsync(id, decision, cancellationToken);
    }

    private void ThrowIfUnavailable()
    {
        if (runs.Problem is { } problem)
        {
            throw new McpException($"Pipelines are not available here: {problem}");
        }
    }
}
