namespace Agents.Llm.Structured;

/// <summary>The model did not produce a valid answer for a schema within the allowed attempts.</summary>
public sealed class StructuredOutputException : Exception
{
    public StructuredOutputException()
    {
    }

    public StructuredOutputException(string message)
        : base(message)
    {
    }

    public StructuredOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StructuredOutputException(string schemaName, int attempts, string lastError, string? lastAnswer)
        : base($"No valid '{schemaName}' answer after {attempts} attempt(s); last problem: {lastError}")
    {
        SchemaName = schemaName;
        Attempts = attempts;
        LastError = lastError;
        LastAnswer = lastAnswer;
    }

    public string SchemaName { get; } = "";

    public int Attempts { get; }

    public string LastError { get; } = "";

    /// <summary>The model's last raw answer, for diagnosis.</summary>
    public string? LastAnswer { get; }
}
