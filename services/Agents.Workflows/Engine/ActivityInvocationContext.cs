namespace Agents.Workflows.Engine;

/// <summary>The context handed to an activity.</summary>
internal sealed class ActivityInvocationContext(string name, string instanceId, string taskExecutionKey, CancellationToken stopping) : WorkflowActivityContext
{
    public override CancellationToken Stopping { get; } = stopping;

    public override TaskIdentifier Identifier { get; } = new(name);

    public override string InstanceId { get; } = instanceId;

    public override string TaskExecutionKey { get; } = taskExecutionKey;
}
