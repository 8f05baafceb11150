namespace Agents.Llm.Cassettes;

/// <summary>Replay met a request the cassette does not hold; nothing was sent to any provider.</summary>
public sealed class CassetteMissException : InvalidOperationException
{
    public CassetteMissException()
    {
    }

    public CassetteMissException(string message)
        : base(message)
    {
    }

    public CassetteMissException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
