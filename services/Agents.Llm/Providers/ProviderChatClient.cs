using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Agents.Llm.Configuration;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Providers;

/// <summary>
/// Sits between the OpenTelemetry client and the OpenAI SDK's client of one provider and model. It turns the SDK's
/// exceptions into <see cref="LlmProviderException"/> with the failure kind the router acts on (status code and
/// <c>Retry-After</c> read from the raw response), names our provider in the GenAI metadata and on the span, and
/// keeps our own option keys off the wire.
/// </summary>
internal sealed class ProviderChatClient(IChatClient sdk, ResolvedProvider provider, string model, TimeProvider time) : DelegatingChatClient(sdk)
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key the router sets to the role; tagged on the span, never sent.</summary>
    public const string RoleKey = "agents.llm.role";

    private const int ErrorBodyLimit = 300;

    private readonly ChatClientMetadata _metadata = new(provider.System, provider.Endpoint, model);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, Prepare(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex) is { } failure)
        {
            throw failure;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, Prepare(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (Map(ex) is { } failure)
                {
                    throw failure;
                }
                yield return updates.Current;
            }
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        // The OpenTelemetry client above reads this once: spans and metrics then carry our provider's system name.
        return serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
    }

    private ChatOptions? Prepare(ChatOptions? options)
    {
        if (Activity.Current is { IsAllDataRequested: true } span)
        {
            span.SetTag("agents.llm.provider", provider.Name);
        }
        if (options?.AdditionalProperties?.TryGetValue(RoleKey, out var role) != true)
        {
            return options;
        }
        Activity.Current?.SetTag(RoleKey, role);
        var copy = options.Clone();
        copy.AdditionalProperties!.Remove(RoleKey);
        return copy;
    }

    /// <summary>The router's view of a failure; null for what is not the provider's fault (cancellation, our bugs).</summary>
    private LlmProviderException? Map(Exception ex) => ex switch
    {
        LlmProviderException => null,
        // No response at all: the SDK's transport wraps connection failures with status 0.
        ClientResultException { Status: 0 } e => Unreachable(e.InnerException ?? e),
        ClientResultException e => Answered(e),
        HttpRequestException or IOException => Unreachable(ex),
        // A 2xx whose body the SDK cannot read as a chat completion (an HTML error page, a stream chunk that is not JSON).
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException =>
            new LlmProviderException(provider.Name, LlmFailureKind.InvalidResponse,
                $"Provider '{provider.Name}' returned a body that is not a chat completion ({ex.Message}).", innerException: ex),
        _ => null,
    };

    private LlmProviderException Unreachable(Exception cause) =>
        new(provider.Name, LlmFailureKind.Unreachable, $"Provider '{provider.Name}' at {provider.Endpoint} is unreachable: {cause.Message}", innerException: cause);

    private LlmProviderException Answered(ClientResultException e)
    {
        var response = e.GetRawResponse();
        var kind = e.Status == 429 ? LlmFailureKind.RateLimited : e.Status >= 500 ? LlmFailureKind.ServerError : LlmFailureKind.Rejected;
        var body = Excerpt(response?.Content?.ToString() ?? "");
        return new LlmProviderException(provider.Name, kind,
            $"Provider '{provider.Name}' answered {e.Status} {response?.ReasonPhrase}: {body}", e.Status, RetryAfter(response), e);
    }

    /// <summary><c>Retry-After</c> as seconds or as an HTTP date, against the injected clock.</summary>
    private TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= ErrorBodyLimit ? flat : flat[..ErrorBodyLimit] + "…";
    }
}
