using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>Dapr's failure details to ours (same fields by design: error type, message, stack trace).</summary>
internal static class TaskFailureMapping
{
    /// <summary>
    /// The exception our workflow code catches when an activity or child workflow failed. The error type is
    /// the failed exception's full name, so <see cref="WorkflowTaskFailureDetails.IsCausedBy{T}"/> works as on the embedded runtime.
    /// </summary>
    public static WorkflowTaskFailedException ToTaskFailed(string message, string errorType, string errorMessage, string? stackTrace) =>
        new(message, new WorkflowTaskFailureDetails(errorType, errorMessage, stackTrace));

    /// <summary>Why an instance failed, or null when Dapr reports no failure.</summary>
    public static WorkflowFailureDetails? ToWorkflowFailure(string? errorType, string? errorMessage, string? stackTrace) =>
        errorType is null ? null : new WorkflowFailureDetails(errorType, errorMessage ?? string.Empty, stackTrace);
}
