namespace Agents.Llm.Routing;

/// <summary>Every provider of a chain failed; the message lists each provider and why.</summary>
public sealed class LlmUnavailableException : Exception
{
    public LlmUnavailableException()
    {
    }

    public LlmUnavailableException(string message)
        : base(message)
    {
    }

    public LlmUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlmUnavailableException(LlmRole role, IReadOnlyList<Exception> failures)
        : base($"No LLM provider answered for role {role}: " + string.Join(" | ", failures.Select(f => f.Message)), failures.LastOrDefault())
    {
        Failures = failures;
    }

    public IReadOnlyList<Exception> Failures { get; } = [];
}
