namespace Agents.Workflows;

/// <summary>
/// Starts and manages workflow instances. Names and parameters follow <c>Dapr.Workflow.DaprWorkflowClient</c>,
/// so a Dapr-backed implementation delegates one to one. Payloads are JSON (web defaults unless configured).
/// </summary>
public interface IWorkflowClient
{
    /// <summary>Schedules a new instance; returns its id (a new GUID when none is given). Throws when a running instance has that id.</summary>
    Task<string> ScheduleNewWorkflowAsync(string name, string? instanceId = null, object? input = null, DateTimeOffset? startTime = null, CancellationToken cancellation = default);

    /// <summary>The instance's state; <see cref="WorkflowState.Exists"/> is false for an unknown id.</summary>
    Task<WorkflowState> GetWorkflowStateAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default);

    /// <summary>Completes once the instance left <see cref="WorkflowRuntimeStatus.Pending"/>.</summary>
    Task<WorkflowState> WaitForWorkflowStartAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default);

    /// <summary>Completes once the instance completed, failed or was terminated.</summary>
    Task<WorkflowState> WaitForWorkflowCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default);

    /// <summary>Delivers an external event to a waiting (or later waiting) instance.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    /// <summary>Stops an instance; it ends <see cref="WorkflowRuntimeStatus.Terminated"/> with <paramref name="output"/>.</summary>
    Task TerminateWorkflowAsync(string instanceId, object? output = null, CancellationToken cancellation = default);

    /// <summary>Pauses an instance: events are kept and delivered after resume.</summary>
    Task SuspendWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    /// <summary>Resumes a suspended instance.</summary>
    Task ResumeWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    /// <summary>Deletes a finished instance and its history; false when it does not exist or still runs.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default);

    /// <summary>Lists instances, newest first, optionally only those in <paramref name="status"/>.</summary>
    Task<WorkflowListPage> ListWorkflowsAsync(WorkflowRuntimeStatus? status = null, int pageSize = 50, string? continuationToken = null, CancellationToken cancellation = default);
}
