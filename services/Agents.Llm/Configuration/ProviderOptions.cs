namespace Agents.Llm.Configuration;

/// <summary>One OpenAI-compatible endpoint (<c>Llm:Providers:&lt;name&gt;</c>).</summary>
public sealed class ProviderOptions
{
    /// <summary>A preset from <see cref="ProviderPresets"/> (ollama, openai, groq, moonshot, openrouter, anthropic, vllm, sglang, openai-compatible).</summary>
    public string? Preset { get; set; }

    /// <summary>The API root including its version segment (…/v1); the preset's when unset.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Name of the environment variable holding the API key; the preset's when unset. The key itself never lives in configuration files.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Models served by this provider; the first is used when a chain names only the provider.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Time allowed for one attempt (a response, or the first streamed chunk).</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries on this provider (429, 5xx, timeout, connection failure) before falling back.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; doubles per retry unless the provider sends Retry-After.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>The longest Retry-After honoured by waiting; a provider asking for more is skipped for the next one.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>Requests in flight at once on this provider.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Requests started per minute; 0 means unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Failure ratio over the sampling window that opens the circuit.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the circuit may open (at least 2).</summary>
    public int CircuitMinimumThroughput { get; set; } = 4;

    public double CircuitSamplingSeconds { get; set; } = 60;

    /// <summary>How long an open circuit skips this provider.</summary>
    public double CircuitBreakSeconds { get; set; } = 30;
}
