namespace Agents.Workflows;

/// <summary>The state of a workflow instance. Same names and values as <c>Dapr.Workflow.WorkflowRuntimeStatus</c>.</summary>
public enum WorkflowRuntimeStatus
{
    /// <summary>The instance does not exist or its status is not known.</summary>
    Unknown = -1,

    /// <summary>Started and not finished.</summary>
    Running = 0,

    /// <summary>Finished with an output.</summary>
    Completed = 1,

    /// <summary>Restarted itself with a new input (transient).</summary>
    ContinuedAsNew = 2,

    /// <summary>Finished with an unhandled error.</summary>
    Failed = 3,

    /// <summary>Canceled.</summary>
    Canceled = 4,

    /// <summary>Stopped by a client.</summary>
    Terminated = 5,

    /// <summary>Scheduled and not yet started.</summary>
    Pending = 6,

    /// <summary>Paused by a client; resumes on request.</summary>
    Suspended = 7,

    /// <summary>Stalled (not used by the embedded runtime).</summary>
    Stalled = 8,
}
