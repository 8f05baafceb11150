namespace Agents.Workflows;

/// <summary>
/// A durable workflow: orchestration code that is replayed from its journal after any restart, so it
/// must be deterministic (no clock, randomness, I/O or threads; use the <see cref="WorkflowContext"/>).
/// Mirrors <c>Dapr.Workflow.Workflow&lt;TInput, TOutput&gt;</c>. Workflows are created with a parameterless
/// constructor on every replay.
/// </summary>
public abstract class Workflow<TInput, TOutput> : IWorkflow
{
    Type IWorkflow.InputType => typeof(TInput);

    /// <summary>Runs the workflow logic.</summary>
    public abstract Task<TOutput> RunAsync(WorkflowContext context, TInput input);

    async Task<object?> IWorkflow.RunAsync(WorkflowContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}

/// <summary>The untyped shape the engine drives; implemented by <see cref="Workflow{TInput, TOutput}"/>.</summary>
internal interface IWorkflow
{
    Type InputType { get; }

    Task<object?> RunAsync(WorkflowContext context, object? input);
}
