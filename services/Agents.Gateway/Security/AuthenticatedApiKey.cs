namespace Agents.Gateway.Security;

/// <summary>
/// The configured key a request presented (a request feature set by <see cref="ApiKeyAuthenticationHandler"/>): its position in
/// <c>Gateway:ApiKeys</c> identifies the client, its name is what logs show. Never the key or its hash.
/// </summary>
internal sealed record AuthenticatedApiKey(int Index, string Name);
