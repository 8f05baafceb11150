namespace Agents.Contracts;

/// <summary>Answer of <c>GET /api/providers</c>.</summary>
public sealed record ProviderList(IReadOnlyList<ProviderStatus> Providers);
