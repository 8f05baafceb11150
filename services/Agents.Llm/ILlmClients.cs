using Agents.Llm.Metering;
using Microsoft.Extensions.AI;

namespace Agents.Llm;

/// <summary>The LLM layer's entry point: a chat client per role (routed, metered, traced, recorded or replayed as configured).</summary>
public interface ILlmClients
{
    /// <summary>
    /// The client for <paramref name="role"/>: its fallback chain, tool calls run by a bounded loop, usage metered into
    /// <see cref="Usage"/> under <paramref name="runId"/> (when given) and the role.
    /// </summary>
    IChatClient ForRole(LlmRole role, string? runId = null);

    /// <summary>
    /// A client for an explicit model: <c>provider/model</c>, <c>provider</c>, or a model name listed by one or more providers
    /// (tried in configuration order). Null when no configured provider matches.
    /// </summary>
    IChatClient? ForModel(string model, LlmRole role = LlmRole.Default, string? runId = null);

    /// <summary>The configured providers with their circuit state and usage so far.</summary>
    IReadOnlyList<LlmProviderInfo> Providers { get; }

    /// <summary>Whether the provider's endpoint answers (GET models) within a few seconds.</summary>
    Task<bool> IsReachableAsync(string provider, CancellationToken cancellationToken = default);

    /// <summary>Usage per provider, per run and per role.</summary>
    LlmUsageLedger Usage { get; }
}
