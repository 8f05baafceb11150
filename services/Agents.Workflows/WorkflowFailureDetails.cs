namespace Agents.Workflows;

/// <summary>Why a workflow instance failed. Mirrors <c>Dapr.Workflow.WorkflowFailureDetails</c>.</summary>
public sealed record WorkflowFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null)
{
    /// <summary>True when the failure was caused by an exception of type <typeparamref name="T"/> or a subtype of it.</summary>
    public bool IsCausedBy<T>() where T : Exception => FailureTypes.IsCausedBy(ErrorType, typeof(T));

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
