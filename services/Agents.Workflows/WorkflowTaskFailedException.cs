namespace Agents.Workflows;

/// <summary>
/// Thrown into workflow code when an activity or child workflow it awaited failed (after any retries).
/// Mirrors <c>Dapr.Workflow.WorkflowTaskFailedException</c>.
/// </summary>
public sealed class WorkflowTaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowTaskFailedException(string message, WorkflowTaskFailureDetails failureDetails)
        : base(message) => FailureDetails = failureDetails;

    /// <summary>Creates the exception with unknown details.</summary>
    public WorkflowTaskFailedException()
        : this("A workflow task failed.", new WorkflowTaskFailureDetails("Unknown", "A workflow task failed."))
    {
    }

    /// <summary>Creates the exception with unknown details.</summary>
    public WorkflowTaskFailedException(string message)
        : this(message, new WorkflowTaskFailureDetails("Unknown", message))
    {
    }

    /// <summary>Creates the exception with unknown details.</summary>
    public WorkflowTaskFailedException(string message, Exception innerException)
        : base(message, innerException) => FailureDetails = WorkflowTaskFailureDetails.From(innerException);

    /// <summary>The failure: error type, message and stack trace.</summary>
    public WorkflowTaskFailureDetails FailureDetails { get; }
}
