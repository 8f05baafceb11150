namespace Agents.Workflows;

/// <summary>Why an activity or child workflow failed. Mirrors <c>Dapr.Workflow.WorkflowTaskFailureDetails</c>.</summary>
public sealed record WorkflowTaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null)
{
    /// <summary>True when the failure was caused by an exception of type <typeparamref name="T"/> or a subtype of it.</summary>
    public bool IsCausedBy<T>() where T : Exception => FailureTypes.IsCausedBy(ErrorType, typeof(T));

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";

    internal static WorkflowTaskFailureDetails From(Exception exception) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace);
}
