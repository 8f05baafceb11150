namespace Agents.Workflows;

/// <summary>
/// A workflow input, output, activity input/result, event payload or custom status serialized to more
/// bytes than <c>MaxPayloadBytes</c>. Pass a reference to stored data instead of the data itself.
/// </summary>
public sealed class WorkflowPayloadTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowPayloadTooLargeException(string what, int actualBytes, int maxBytes)
        : base($"The {what} is {actualBytes} bytes as JSON, more than the limit of {maxBytes} bytes (MaxPayloadBytes). Store large data elsewhere and pass a reference.")
    {
        ActualBytes = actualBytes;
        MaxBytes = maxBytes;
    }

    /// <summary>Creates the exception.</summary>
    public WorkflowPayloadTooLargeException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkflowPayloadTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkflowPayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The size of the serialized payload.</summary>
    public int ActualBytes { get; }

    /// <summary>The configured limit.</summary>
    public int MaxBytes { get; }
}
