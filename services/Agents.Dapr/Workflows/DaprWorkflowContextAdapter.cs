using Agents.Workflows;
using Microsoft.Extensions.Logging;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Workflows;

/// <summary>
/// Our <see cref="WorkflowContext"/> over Dapr's, member for member. Determinism comes from Dapr's history;
/// this adds only the option mapping and the failure mapping. Awaits stay on the captured context
/// (ConfigureAwait(true)): Dapr runs workflow code on its own dispatch context and requires it to stay there.
/// </summary>
internal sealed class DaprWorkflowContextAdapter(DaprWf.WorkflowContext inner) : WorkflowContext
{
    public override string Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override async Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        try
        {
            return await inner.CallActivityAsync<T>(name, input, DaprTaskOptions.ForActivity(options)).ConfigureAwait(true);
        }
        catch (DaprWf.WorkflowTaskFailedException failure)
        {
            throw DaprTaskFailures.ToOurs(failure);
        }
    }

    public override Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken = default) =>
        inner.CreateTimer(delay, cancellationToken);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        inner.CreateTimer(fireAt, cancellationToken);

    // Both runtimes end a cancelled or timed-out wait with TaskCanceledException, so nothing is mapped.
    public override Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEventAsync<T>(eventName, cancellationToken);

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout) =>
        inner.WaitForExternalEventAsync<T>(eventName, timeout);

    public override async Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null)
    {
        try
        {
            // Child names are our registered names: the wrappers are registered under them (RegisteredNames).
            return await inner.CallChildWorkflowAsync<TResult>(workflowName, input, DaprTaskOptions.ForChild(options)).ConfigureAwait(true);
        }
        catch (DaprWf.WorkflowTaskFailedException failure)
        {
            throw DaprTaskFailures.ToOurs(failure);
        }
    }

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();

    public override ILogger CreateReplaySafeLogger(string categoryName) => inner.CreateReplaySafeLogger(categoryName);

    public override ILogger CreateReplaySafeLogger(Type type) => inner.CreateReplaySafeLogger(type);

    public override ILogger CreateReplaySafeLogger<T>() => inner.CreateReplaySafeLogger<T>();
}
