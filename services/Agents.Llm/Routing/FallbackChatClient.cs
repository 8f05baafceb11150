using System.Runtime.CompilerServices;
using Agents.Llm.Metering;
using Agents.Llm.Providers;
using Agents.Llm.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Agents.Llm.Routing;

/// <summary>
/// Tries a role's chain in order: each provider with its own retries, circuit and limits, the next one on 429,
/// 5xx, timeout, connection failure or an open circuit. Meters every successful call into the ledger. A stream
/// falls back only before its first update; after that a failure reaches the caller.
/// </summary>
public sealed class FallbackChatClient(IReadOnlyList<ChainEntry> chain, LlmRole role, string? runId, LlmUsageLedger ledger, PriceTable prices, ILogger logger) : IChatClient
{
    public IReadOnlyList<ChainEntry> Chain { get; } = chain;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var failures = new List<Exception>();
        foreach (var entry in Chain)
        {
            var attemptOptions = ForAttempt(options, entry.Model);
            try
            {
                ChatResponse response;
                using (await entry.Runtime.EnterAsync(cancellationToken).ConfigureAwait(false))
                {
                    var client = entry.Runtime.ChatClient(entry.Model);
                    response = await entry.Runtime.ExecuteAsync(t => client.GetResponseAsync(list, attemptOptions, t), cancellationToken).ConfigureAwait(false);
                }
                response.ModelId ??= entry.Model;
                var cost = Meter(entry, response.Usage);
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[LlmMetadata.Provider] = entry.Runtime.Provider.Name;
                response.AdditionalProperties[LlmMetadata.CostUsd] = cost;
                return response;
            }
            catch (LlmProviderException ex) when (ex.ShouldFallBack && !cancellationToken.IsCancellationRequested)
            {
                FellBack(entry, ex, failures);
            }
        }
        throw new LlmUnavailableException(role, failures);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var failures = new List<Exception>();
        foreach (var entry in Chain)
        {
            var opened = await OpenAsync(entry, list, ForAttempt(options, entry.Model), failures, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                continue;
            }

            var (lease, stream, updates) = opened.Value;
            using (lease)
            using (stream)
            await using (updates.ConfigureAwait(false))
            {
                UsageDetails? usage = null;
                var more = true;
                while (more)
                {
                    var update = updates.Current;
                    update.ModelId ??= entry.Model;
                    foreach (var content in update.Contents.OfType<UsageContent>())
                    {
                        usage = content.Details;
                    }
                    update.AdditionalProperties ??= [];
                    update.AdditionalProperties[LlmMetadata.Provider] = entry.Runtime.Provider.Name;
                    yield return update;
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }

                // A last, empty update carries what only the end of the stream knows: the cost.
                var cost = Meter(entry, usage);
                yield return new ChatResponseUpdate
                {
                    Role = ChatRole.Assistant,
                    ModelId = entry.Model,
                    AdditionalProperties = new() { [LlmMetadata.Provider] = entry.Runtime.Provider.Name, [LlmMetadata.CostUsd] = cost },
                };
            }
            yield break;
        }
        throw new LlmUnavailableException(role, failures);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            // The tool loop above finds the GenAI ActivitySource here, so its execute_tool spans share the chat spans' source.
            : Chain.Count > 0 ? Chain[0].Runtime.ChatClient(Chain[0].Model).GetService(serviceType, serviceKey)
            : null;
    }

    /// <summary>The runtimes are shared by every client of the registry, which disposes them.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// Starts the stream and reads its first update inside the provider's resilience pipeline: until then a failure is
    /// retried or falls back. The stream keeps its own cancellation source, tied to the pipeline's per-attempt timeout
    /// only while the first update is awaited, so the timeout bounds the wait for an answer, not the answer's length.
    /// </summary>
    private async Task<(IDisposable Lease, CancellationTokenSource Stream, IAsyncEnumerator<ChatResponseUpdate> Updates)?> OpenAsync(
        ChainEntry entry, IReadOnlyList<ChatMessage> messages, ChatOptions options, List<Exception> failures, CancellationToken cancellationToken)
    {
        var lease = await entry.Runtime.EnterAsync(cancellationToken).ConfigureAwait(false);
        var client = entry.Runtime.ChatClient(entry.Model);
        try
        {
            return await entry.Runtime.ExecuteAsync(async attempt =>
            {
                var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var updates = client.GetStreamingResponseAsync(messages, options, stream.Token).GetAsyncEnumerator(stream.Token);
                try
                {
                    using (attempt.Register(static s => ((CancellationTokenSource)s!).Cancel(), stream))
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            throw new LlmProviderException(entry.Runtime.Provider.Name, LlmFailureKind.InvalidResponse,
                                $"Provider '{entry.Runtime.Provider.Name}' ended the stream before sending anything.");
                        }
                    }
                    return ((IDisposable)lease, stream, updates);
                }
                catch
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                    stream.Dispose();
                    attempt.ThrowIfCancellationRequested();
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmProviderException ex) when (ex.ShouldFallBack && !cancellationToken.IsCancellationRequested)
        {
            lease.Dispose();
            FellBack(entry, ex, failures);
            return null;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Records a failure the chain moves past: counted, logged, and kept for the final error.</summary>
    private void FellBack(ChainEntry entry, LlmProviderException error, List<Exception> failures)
    {
        LlmTelemetry.FellBack(entry.Runtime.Provider.Name, entry.Model, role, error.Kind.ToString());
        RouterLog.FellBack(logger, entry.Runtime.Provider.Name, role, error.Kind.ToString(), error.Message);
        failures.Add(error);
    }

    private decimal Meter(ChainEntry entry, UsageDetails? usage)
    {
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        var cost = prices.Cost(entry.Runtime.Provider.Name, entry.Model, input, output);
        ledger.Record(entry.Runtime.Provider.Name, role, runId, input, output, cost);
        LlmTelemetry.Cost(entry.Runtime.Provider.Name, entry.Model, role, cost);
        return cost;
    }

    private ChatOptions ForAttempt(ChatOptions? options, string model)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ModelId = model;
        copy.AdditionalProperties = copy.AdditionalProperties is { } properties ? new(properties) : [];
        copy.AdditionalProperties[ProviderChatClient.RoleKey] = role.ToString();
        return copy;
    }
}
