namespace Agents.Workflows;

/// <summary>
/// Options for a child workflow call: an explicit instance id (default: derived from the parent's id and
/// the call's sequence number, so it is stable across replays) and a retry policy.
/// Mirrors <c>Dapr.Workflow.ChildWorkflowTaskOptions</c>.
/// </summary>
public record ChildWorkflowTaskOptions(string? InstanceId = null, WorkflowRetryPolicy? RetryPolicy = null)
    : WorkflowTaskOptions(RetryPolicy);
