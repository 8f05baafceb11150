namespace Agents.Workflows;

/// <summary>What an activity knows about its invocation. Mirrors <c>Dapr.Workflow.WorkflowActivityContext</c>.</summary>
public abstract class WorkflowActivityContext
{
    /// <summary>The activity's registered name.</summary>
    public abstract TaskIdentifier Identifier { get; }

    /// <summary>The id of the workflow instance that called the activity.</summary>
    public abstract string InstanceId { get; }

    /// <summary>
    /// A key that is the same for every execution of this one activity call (including re-runs after a
    /// crash), for idempotency: instance, execution and task sequence number.
    /// </summary>
    public abstract string TaskExecutionKey { get; }
}
