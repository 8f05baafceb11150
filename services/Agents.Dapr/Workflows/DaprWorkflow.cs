using Agents.Workflows;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Workflows;

/// <summary>
/// One of our workflows as a Dapr workflow. Dapr creates this wrapper for every execution (parameterless, as
/// analyzer DAPR1305 wants); it runs a new <typeparamref name="TWorkflow"/> against our
/// <see cref="WorkflowContext"/> laid over Dapr's. Registered under our workflow's name, never its own.
/// </summary>
public sealed class DaprWorkflow<TWorkflow, TInput, TOutput> : DaprWf.Workflow<TInput, TOutput>
    where TWorkflow : Workflow<TInput, TOutput>, new()
{
    /// <inheritdoc />
    public override Task<TOutput> RunAsync(DaprWf.WorkflowContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TWorkflow().RunAsync(new DaprWorkflowContextAdapter(context), input);
    }
}
