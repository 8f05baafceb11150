namespace Agents.Llm.Configuration;

/// <summary>The <c>Llm</c> configuration section: providers, chains per role, prices, cassette.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>Providers by name. When empty, a local Ollama is assumed (plus <c>ConnectionStrings:llm</c> when set).</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The default chain: entries <c>provider/model</c> or <c>provider</c>, tried in order.</summary>
    public List<string> Default { get; set; } = [];

    /// <summary>A chain per role (Planner, Coder, TestDesigner, Reviewer); a role without one uses <see cref="Default"/>.</summary>
    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<PriceOptions> Prices { get; set; } = [];

    public CassetteOptions Cassette { get; set; } = new();

    public const int DefaultMaxToolRounds = 8;

    /// <summary>Rounds of tool calls a request may make (Microsoft.Extensions.AI's <c>MaximumIterationsPerRequest</c>).</summary>
    public int MaxToolRounds { get; set; } = DefaultMaxToolRounds;

    /// <summary>Largest accepted <c>POST /api/chat</c> body.</summary>
    public int MaxChatRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Set while binding when <c>ConnectionStrings:llm</c> cannot be parsed; reported by validation.</summary>
    internal string? ConnectionStringError { get; set; }
}
