using Agents.Workflows;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Workflows;

/// <summary>Our <see cref="WorkflowActivityContext"/> over Dapr's: the same three facts, one to one.</summary>
internal sealed class DaprActivityContextAdapter(DaprWf.WorkflowActivityContext inner) : WorkflowActivityContext
{
    // Dapr's TaskIdentifier converts to its name implicitly.
    public override TaskIdentifier Identifier => TaskIdentifier.FromString(inner.Identifier);

    public override string InstanceId => inner.InstanceId;

    public override string TaskExecutionKey => inner.TaskExecutionKey;
}
