namespace Agents.Llm.Configuration;

/// <summary>
/// One entry of a chain: <c>provider/model</c>, or <c>provider</c> alone for its first model. The provider name
/// ends at the first slash, so model names may contain slashes (OpenRouter) and colons (Ollama tags).
/// </summary>
public sealed record ModelRef(string Provider, string? Model)
{
    public static ModelRef Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new ModelRef(text.Trim(), null)
            : new ModelRef(text[..slash].Trim(), text[(slash + 1)..].Trim() is { Length: > 0 } m ? m : null);
    }

    public override string ToString() => Model is null ? Provider : $"{Provider}/{Model}";
}
