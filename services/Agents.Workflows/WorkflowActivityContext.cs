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

    /// <summary>
    /// Cancelled when this process starts to stop. An activity that passes it to long work (a sandbox run) lets the
    /// process exit promptly: an activity ended by it is not recorded, and it runs again after the next start, as an
    /// activity cut off by a crash does. None where the runtime does not offer it.
    /// </summary>
    public virtual CancellationToken Stopping => CancellationToken.None;
}
