namespace Agents.Workflows;

/// <summary>Options for an activity call. Mirrors <c>Dapr.Workflow.WorkflowTaskOptions</c> (cross-app fields omitted).</summary>
public record WorkflowTaskOptions(WorkflowRetryPolicy? RetryPolicy = null);
