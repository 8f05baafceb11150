using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.Pipeline.Hosting;

/// <summary>
/// The SDK's <see cref="DaprWorkflowClient"/>, once the runtime has started. Resolved late on purpose: the SDK reads
/// its endpoint when the client is first built, and with the embedded backend that endpoint exists only after the
/// backend has started (a request that arrives earlier waits for it).
/// </summary>
public sealed class PipelineRuntimeClient(PipelineRuntime runtime, IServiceProvider services)
{
    /// <summary>The client; throws <see cref="InvalidOperationException"/> when pipelines are disabled here.</summary>
    public async Task<DaprWorkflowClient> GetAsync(CancellationToken cancellationToken)
    {
        await runtime.WaitUntilStartedAsync(cancellationToken).ConfigureAwait(false);
        return runtime.Problem is { } problem
            ? throw new InvalidOperationException(problem)
            : services.GetRequiredService<DaprWorkflowClient>();
    }
}
