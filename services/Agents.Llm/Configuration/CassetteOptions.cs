namespace Agents.Llm.Configuration;

/// <summary>Record/replay of LLM exchanges (<c>Llm:Cassette</c>).</summary>
public sealed class CassetteOptions
{
    public CassetteMode Mode { get; set; } = CassetteMode.Off;

    /// <summary>The cassette file (JSON).</summary>
    public string? Path { get; set; }
}
