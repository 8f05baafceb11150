namespace Agents.Pipeline.Operations;

/// <summary>Runs cannot be served now (the runtime is down here, or the orchestrator is unreachable); the message says why.</summary>
public sealed class PipelinesUnavailableException : Exception
{
    public PipelinesUnavailableException()
    {
    }

    public PipelinesUnavailableException(string message)
        : base(message)
    {
    }

    public PipelinesUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
