using Agents.Contracts;
using Agents.Llm;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Apis;

/// <summary><c>GET /api/providers</c>: each configured LLM provider, whether it answers now, its circuit and usage.</summary>
internal static class ProvidersApi
{
    public static RouteHandlerBuilder MapProvidersApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/providers", GetProvidersAsync).WithName("ListProviders").WithTags("LLM");

    public static async Task<Ok<ProviderList>> GetProvidersAsync(ILlmClients clients, CancellationToken cancellationToken)
    {
        var providers = clients.Providers;
        // Probed together: each probe has a short timeout of its own, so one dead endpoint does not stall the list.
        var reachable = await Task.WhenAll(providers.Select(p => clients.IsReachableAsync(p.Name, cancellationToken)));
        return TypedResults.Ok(new ProviderList([.. providers.Select((p, i) => new ProviderStatus(
            p.Name, p.Preset, p.Endpoint.AbsoluteUri, p.Models, reachable[i], p.CircuitState,
            new ProviderUsage(p.Usage.Requests, p.Usage.InputTokens, p.Usage.OutputTokens, p.Usage.CostUsd)))]));
    }
}
