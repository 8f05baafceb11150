using System.Diagnostics;
using System.Runtime.CompilerServices;
using Agents.Llm.Metering;
using Agents.Llm.Providers;
using Agents.Llm.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Agents.Llm.Routing;

/// <summary>
/// Tries a role's chain in order: each provider with its own retries, circuit and limits, the next one on 429,
/// 5xx, timeout, connection failure or an open circuit. Meters every successful call into the ledger and traces
/// every attempt. A stream falls back only before its first chunk; after that a failure reaches the caller.
/// </summary>
public sealed class FallbackChatClient(IReadOnlyList<ChainEntry> chain, LlmRole role, string? runId, LlmUsageLedger ledger, PriceTable prices, TimeProvider time, ILogger logger) : IChatClient
{
    public IReadOnlyList<ChainEntry> Chain { get; } = chain;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var failures = new List<Exception>();
        foreach (var entry in Chain)
        {
            var provider = entry.Runtime.Provider;
            var attemptOptions = WithModel(options, entry.Model);
            using var activity = LlmTelemetry.StartChat(provider, entry.Model, role);
            var started = time.GetTimestamp();
            try
            {
                ChatResponse response;
                using (await entry.Runtime.EnterAsync(cancellationToken).ConfigureAwait(false))
                {
                    response = await entry.Runtime.ExecuteAsync(t => entry.Runtime.Client.GetResponseAsync(list, attemptOptions, t), cancellationToken).ConfigureAwait(false);
                }
                var result = Meter(entry, response.ModelId, response.FinishReason?.Value, response.Usage);
                LlmTelemetry.Succeeded(activity, provider, entry.Model, role, result, time.GetElapsedTime(started).TotalSeconds);
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[LlmMetadata.Provider] = provider.Name;
                response.AdditionalProperties[LlmMetadata.CostUsd] = result.CostUsd;
                return response;
            }
            catch (LlmProviderException ex) when (ex.ShouldFallBack && !cancellationToken.IsCancellationRequested)
            {
                FellBack(entry, activity, started, ex, failures);
            }
            catch (Exception ex)
            {
                LlmTelemetry.Failed(activity, provider, entry.Model, role, ex, time.GetElapsedTime(started).TotalSeconds, fellBack: false);
                throw;
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
            var provider = entry.Runtime.Provider;
            var attemptOptions = WithModel(options, entry.Model);
            using var activity = LlmTelemetry.StartChat(provider, entry.Model, role);
            var started = time.GetTimestamp();
            var opened = await OpenAsync(entry, list, attemptOptions, activity, started, failures, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                continue;
            }

            using var lease = opened.Value.Lease;
            using var response = opened.Value.Response;
            UsageDetails? usage = null;
            string? model = null;
            string? finish = null;
            var completed = false;
            try
            {
                await foreach (var update in entry.Runtime.Client.ReadStreamAsync(response, entry.Model, cancellationToken).ConfigureAwait(false))
                {
                    model ??= update.ModelId;
                    finish = update.FinishReason?.Value ?? finish;
                    foreach (var content in update.Contents.OfType<UsageContent>())
                    {
                        usage = content.Details;
                    }
                    update.AdditionalProperties ??= [];
                    update.AdditionalProperties[LlmMetadata.Provider] = provider.Name;
                    yield return update;
                }

                var result = Meter(entry, model, finish, usage);
                LlmTelemetry.Succeeded(activity, provider, entry.Model, role, result, time.GetElapsedTime(started).TotalSeconds);
                completed = true;
                // A last, empty update carries what only the end of the stream knows: the cost.
                yield return new ChatResponseUpdate
                {
                    Role = ChatRole.Assistant,
                    ModelId = model ?? entry.Model,
                    AdditionalProperties = new() { [LlmMetadata.Provider] = provider.Name, [LlmMetadata.CostUsd] = result.CostUsd },
                };
            }
            finally
            {
                if (!completed)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, "The stream ended early.");
                }
            }
            yield break;
        }
        throw new LlmUnavailableException(role, failures);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>The runtimes are shared by every client of the registry, which disposes them.</summary>
    public void Dispose()
    {
    }

    private async Task<(IDisposable Lease, HttpResponseMessage Response)?> OpenAsync(ChainEntry entry, IReadOnlyList<ChatMessage> messages, ChatOptions options, Activity? activity, long started, List<Exception> failures, CancellationToken cancellationToken)
    {
        var provider = entry.Runtime.Provider;
        var lease = await entry.Runtime.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await entry.Runtime.ExecuteAsync(t => entry.Runtime.Client.OpenStreamAsync(messages, options, t), cancellationToken).ConfigureAwait(false);
            return (lease, response);
        }
        catch (LlmProviderException ex) when (ex.ShouldFallBack && !cancellationToken.IsCancellationRequested)
        {
            lease.Dispose();
            FellBack(entry, activity, started, ex, failures);
            return null;
        }
        catch (Exception ex)
        {
            lease.Dispose();
            LlmTelemetry.Failed(activity, provider, entry.Model, role, ex, time.GetElapsedTime(started).TotalSeconds, fellBack: false);
            throw;
        }
    }

    /// <summary>Records a failure the chain moves past: traced, counted, logged, and kept for the final error.</summary>
    private void FellBack(ChainEntry entry, Activity? activity, long started, LlmProviderException error, List<Exception> failures)
    {
        var provider = entry.Runtime.Provider;
        LlmTelemetry.Failed(activity, provider, entry.Model, role, error, time.GetElapsedTime(started).TotalSeconds, fellBack: true);
        RouterLog.FellBack(logger, provider.Name, role, error.Kind.ToString(), error.Message);
        failures.Add(error);
    }

    private CallResult Meter(ChainEntry entry, string? responseModel, string? finishReason, UsageDetails? usage)
    {
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        var cost = prices.Cost(entry.Runtime.Provider.Name, entry.Model, input, output);
        ledger.Record(entry.Runtime.Provider.Name, role, runId, input, output, cost);
        return new CallResult(responseModel, finishReason, input, output, cost);
    }

    private static ChatOptions WithModel(ChatOptions? options, string model)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ModelId = model;
        return copy;
    }
}
