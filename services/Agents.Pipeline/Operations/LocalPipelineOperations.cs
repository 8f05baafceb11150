using Agents.Contracts;

namespace Agents.Pipeline.Operations;

/// <summary>This process's <see cref="PipelineRuns"/>, held to the rules <c>/api/workflow</c> applies.</summary>
public sealed class LocalPipelineOperations(PipelineRuns runs) : IPipelineOperations
{
    public async Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfUnavailable();
        ContractValidation.ThrowIfInvalid(request);
        // The one rule that depends on configuration, as in WorkflowApi.
        if (request.Requirements!.Length > runs.Options.MaxRequirementsLength)
        {
            throw new PipelineRequestRejectedException(new Dictionary<string, string[]>
            {
                ["requirements"] = [$"Requirements have {request.Requirements.Length} characters; the limit is {runs.Options.MaxRequirementsLength}."],
            });
        }
        return await runs.StartAsync(request, cancellationToken).ConfigureAwait(false);
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
        ArgumentNullException.ThrowIfNull(decision);
        ThrowIfUnavailable();
        ContractValidation.ThrowIfInvalid(decision);
        return runs.ApproveAsync(id, decision, cancellationToken);
    }

    public Task<RunCommandOutcome> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        ContractValidation.ThrowIfInvalid(new TerminateRequest(reason));
        return runs.TerminateAsync(id, reason, cancellationToken);
    }

    private void ThrowIfUnavailable()
    {
        if (runs.Problem is { } problem)
        {
            throw new PipelinesUnavailableException($"Pipelines are not available here: {problem}");
        }
    }
}
