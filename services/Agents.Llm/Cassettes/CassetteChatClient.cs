using System.Runtime.CompilerServices;
using Agents.Llm.Configuration;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Cassettes;

/// <summary>
/// Records exchanges to a <see cref="Cassette"/> or replays them. Replay never calls the inner client, so a replayed
/// run makes no network call and gives the same answers every time (demos, offline runs, prompt regression tests).
/// </summary>
public sealed class CassetteChatClient(IChatClient inner, Cassette cassette, CassetteMode mode, LlmRole role) : DelegatingChatClient(inner)
{
    /// <summary>Set (true) in <c>AdditionalProperties</c> of a replayed response.</summary>
    public const string ReplayedKey = "agents.replayed";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var key = Cassette.KeyOf(role, list, options);
        if (mode == CassetteMode.Replay)
        {
            return cassette.Play(key) ?? throw Miss(key, list);
        }
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (mode == CassetteMode.Record)
        {
            cassette.Record(key, role, list, response);
        }
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var key = Cassette.KeyOf(role, list, options);
        if (mode == CassetteMode.Replay)
        {
            var recorded = cassette.Play(key) ?? throw Miss(key, list);
            foreach (var update in recorded.ToChatResponseUpdates())
            {
                yield return update;
            }
            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }
        if (mode == CassetteMode.Record)
        {
            var response = updates.ToChatResponse();
            var provider = updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(Routing.LlmMetadata.Provider)).OfType<string>().FirstOrDefault();
            if (provider is not null)
            {
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[Routing.LlmMetadata.Provider] = provider;
            }
            cassette.Record(key, role, list, response);
        }
    }

    private CassetteMissException Miss(string key, IReadOnlyList<ChatMessage> messages) =>
        new($"The cassette {cassette.Path} holds no {role} exchange for this request (key {key[..12]}…, last message \"{Excerpt(messages.LastOrDefault()?.Text)}\"). " +
            "Nothing was sent to a provider; record it with Llm:Cassette:Mode=Record.");

    private static string Excerpt(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
