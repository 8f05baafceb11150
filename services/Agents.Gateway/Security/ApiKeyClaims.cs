namespace Agents.Gateway.Security;

/// <summary>Claims the <see cref="ApiKeyAuthenticationHandler"/> issues besides the key's name.</summary>
internal static class ApiKeyClaims
{
    /// <summary>The key's position in <c>Gateway:ApiKeys</c>; never the key or its hash.</summary>
    public const string KeyIndex = "agents:api-key-index";
}
