namespace Agents.Llm.Providers;

/// <summary>A provider failed; the message names the provider (never its key).</summary>
public sealed class LlmProviderException : Exception
{
    public LlmProviderException()
    {
        Provider = "";
    }

    public LlmProviderException(string message)
        : base(message)
    {
        Provider = "";
    }

    public LlmProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = "";
    }

    public LlmProviderException(string provider, LlmFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public string Provider { get; }

    public LlmFailureKind Kind { get; }

    public int? StatusCode { get; }

    /// <summary>The delay the provider asked for (Retry-After), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Worth retrying or trying the next provider: 429, 5xx, timeout, connection failure.</summary>
    public bool IsTransient => Kind is LlmFailureKind.RateLimited or LlmFailureKind.ServerError or LlmFailureKind.Timeout or LlmFailureKind.Unreachable;

    /// <summary>The router tries the next provider in the chain: a transient failure, or an open circuit.</summary>
    public bool ShouldFallBack => IsTransient || Kind == LlmFailureKind.CircuitOpen;
}
