namespace Agents.Llm.Providers;

public enum LlmFailureKind
{
    /// <summary>HTTP 429: retried after Retry-After, then the next provider.</summary>
    RateLimited,

    /// <summary>HTTP 5xx: retried, then the next provider.</summary>
    ServerError,

    /// <summary>No answer within the provider's timeout: retried, then the next provider.</summary>
    Timeout,

    /// <summary>Connection refused, DNS failure, reset: retried, then the next provider.</summary>
    Unreachable,

    /// <summary>Another 4xx (bad key, bad request): not retried, the caller must fix something.</summary>
    Rejected,

    /// <summary>The provider answered 2xx with a body that is not a chat completion.</summary>
    InvalidResponse,

    /// <summary>The provider's circuit is open after repeated failures: skipped until it half-opens.</summary>
    CircuitOpen,
}
