namespace Agents.Llm.Configuration;

/// <summary>The services we know by name. Each speaks the OpenAI chat-completions protocol at its endpoint.</summary>
public static class ProviderPresets
{
    public const string Ollama = "ollama";
    public const string OpenAi = "openai";
    public const string Groq = "groq";
    public const string Moonshot = "moonshot";
    public const string OpenRouter = "openrouter";
    public const string Anthropic = "anthropic";
    public const string Vllm = "vllm";
    public const string SgLang = "sglang";

    /// <summary>Any other OpenAI-compatible server: the endpoint must be configured.</summary>
    public const string OpenAiCompatible = "openai-compatible";

    /// <summary>Where a local Ollama listens (its OpenAI-compatible API is under /v1).</summary>
    public const string OllamaRoot = "http://localhost:11434";

    private static readonly Dictionary<string, ProviderPreset> s_presets = new(StringComparer.OrdinalIgnoreCase)
    {
        [Ollama] = new(Ollama, OllamaRoot + "/v1", null, "llama3.2", "ollama"),
        [OpenAi] = new(OpenAi, "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4o-mini", "openai"),
        [Groq] = new(Groq, "https://api.groq.com/openai/v1", "GROQ_API_KEY", "llama-3.3-70b-versatile", "groq"),
        [Moonshot] = new(Moonshot, "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY", "kimi-k2-0905-preview", "moonshot"),
        [OpenRouter] = new(OpenRouter, "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", "openrouter/auto", "openrouter"),
        [Anthropic] = new(Anthropic, "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY", "claude-sonnet-4-5", "anthropic"),
        [Vllm] = new(Vllm, "http://localhost:8000/v1", null, null, "vllm"),
        [SgLang] = new(SgLang, "http://localhost:30000/v1", null, null, "sglang"),
        [OpenAiCompatible] = new(OpenAiCompatible, null, null, null, "openai"),
    };

    public static IReadOnlyCollection<string> Names => s_presets.Keys;

    public static ProviderPreset? Find(string? name) =>
        name is not null && s_presets.TryGetValue(name, out var preset) ? preset : null;
}
