namespace Agents.Gateway.Security;

/// <summary>
/// The <c>Gateway</c> section. API keys are configured by their SHA-256 (hex), never in clear:
/// <c>Gateway:ApiKeys:0:Name=ci</c>, <c>Gateway:ApiKeys:0:Sha256=…</c> (<c>printf %s "$KEY" | sha256sum</c>).
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public bool RequiresApiKey => ApiKeys.Count > 0;
}

/// <summary>One accepted API key: a name for logs and its SHA-256 in hex.</summary>
public sealed class ApiKeyEntry
{
    public string? Name { get; set; }

    public string? Sha256 { get; set; }
}
