namespace Agents.Dapr.Mapping;

/// <summary>The arguments for <c>Dapr.Workflow.WorkflowRetryPolicy</c>'s constructor, computed from our policy.</summary>
internal sealed record DaprRetryValues(
    int MaxNumberOfAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient,
    TimeSpan MaxRetryInterval,
    TimeSpan? RetryTimeout);
