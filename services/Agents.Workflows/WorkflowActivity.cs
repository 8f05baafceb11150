namespace Agents.Workflows;

/// <summary>
/// One step of a workflow that may do I/O. Runs at least once: after a crash between running and
/// recording its result it runs again, so implementations must be idempotent. Mirrors
/// <c>Dapr.Workflow.WorkflowActivity&lt;TInput, TOutput&gt;</c>; created with ActivatorUtilities, so
/// constructor dependency injection works.
/// </summary>
public abstract class WorkflowActivity<TInput, TOutput> : IWorkflowActivity
{
    Type IWorkflowActivity.InputType => typeof(TInput);

    /// <summary>Runs the activity.</summary>
    public abstract Task<TOutput> RunAsync(WorkflowActivityContext context, TInput input);

    async Task<object?> IWorkflowActivity.RunAsync(WorkflowActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!).ConfigureAwait(false);
}

/// <summary>The untyped shape the engine drives; implemented by <see cref="WorkflowActivity{TInput, TOutput}"/>.</summary>
internal interface IWorkflowActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(WorkflowActivityContext context, object? input);
}
