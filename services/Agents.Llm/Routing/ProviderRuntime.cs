using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Agents.Llm.Configuration;
using Agents.Llm.Providers;
using Agents.Llm.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Agents.Llm.Routing;

/// <summary>
/// One provider at run time: the OpenAI SDK's client for its endpoint (one chat client per model, traced by
/// Microsoft.Extensions.AI's OpenTelemetry client), and the resilience around each call — a concurrency and rate
/// limit, then retries (honouring Retry-After) around a circuit breaker around a per-attempt timeout.
/// </summary>
public sealed class ProviderRuntime : IDisposable
{
    // Keyless servers (Ollama, vLLM) ignore the header; the SDK insists on a credential.
    private const string NoKey = "no-key";

    private readonly OpenAIClient _openAi;
    private readonly ConcurrentDictionary<string, IChatClient> _models = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _loggers;
    private readonly ResiliencePipeline _pipeline;
    private volatile string? _lastFailure;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly SemaphoreSlim _slots;
    private readonly TokenBucketRateLimiter? _rate;

    /// <param name="http">The transport, from <c>IHttpClientFactory</c>; its timeout is infinite since the router times each attempt.</param>
    public ProviderRuntime(ResolvedProvider provider, TimeProvider time, HttpClient http, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(http);
        Provider = provider;
        _time = time;
        _loggers = loggers;
        _openAi = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(provider.ApiKey) ? NoKey : provider.ApiKey), new OpenAIClientOptions
        {
            Endpoint = provider.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            // The router retries, falls back and breaks circuits; the SDK must not retry or time out on its own.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });
        var options = provider.Options;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        if (options.RequestsPerMinute > 0)
        {
            _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.RequestsPerMinute,
                TokensPerPeriod = options.RequestsPerMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
        _pipeline = Build(options, time, _circuit);
    }

    public ResolvedProvider Provider { get; }

    /// <summary>The client for <paramref name="model"/>: SDK client, failure mapping, GenAI telemetry (built once per model).</summary>
    public IChatClient ChatClient(string model) =>
        _models.GetOrAdd(model, m => new ChatClientBuilder(new ProviderChatClient(_openAi.GetChatClient(m).AsIChatClient(), Provider, m, _time))
            .UseOpenTelemetry(_loggers, LlmTelemetry.SourceName)
            .Build());

    /// <summary>Whether the endpoint lists its models within <paramref name="timeout"/> (Ollama, OpenAI and most servers have <c>GET models</c>).</summary>
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _openAi.GetOpenAIModelClient().GetModelsAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public string CircuitState => _circuit.CircuitState switch
    {
        Polly.CircuitBreaker.CircuitState.Closed => "closed",
        Polly.CircuitBreaker.CircuitState.Open => "open",
        Polly.CircuitBreaker.CircuitState.HalfOpen => "half-open",
        _ => "isolated",
    };

    /// <summary>Waits for a slot under the provider's concurrency and rate limits; dispose the lease when the call (or stream) ends.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_rate is not null)
        {
            using var permit = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(_slots);
    }

    /// <summary>Runs one call through retry, circuit breaker and timeout; failures come out as <see cref="LlmProviderException"/>.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(static async (call, token) => await call(token).ConfigureAwait(false), call, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw Remember(new LlmProviderException(Provider.Name, LlmFailureKind.Timeout,
                $"Provider '{Provider.Name}' at {Provider.Endpoint} did not answer within {ex.Timeout.TotalSeconds:0.###} s.", innerException: ex));
        }
        catch (BrokenCircuitException ex)
        {
            // "Circuit open" alone hides the cause; the failure that opened it is what the operator needs to see.
            var cause = _lastFailure is { } last ? $" The last failure: {last}" : "";
            throw new LlmProviderException(Provider.Name, LlmFailureKind.CircuitOpen,
                $"Provider '{Provider.Name}' is skipped: its circuit is open after repeated failures.{cause}", innerException: ex);
        }
        catch (LlmProviderException ex) when (ex.IsTransient)
        {
            throw Remember(ex);
        }
    }

    private LlmProviderException Remember(LlmProviderException failure)
    {
        _lastFailure = failure.Message;
        return failure;
    }

    public void Dispose()
    {
        foreach (var client in _models.Values)
        {
            client.Dispose();
        }
        _slots.Dispose();
        _rate?.Dispose();
    }

    private static ResiliencePipeline Build(ProviderOptions options, TimeProvider time, CircuitBreakerStateProvider circuit)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        var transient = new PredicateBuilder()
            .Handle<LlmProviderException>(e => e.IsTransient)
            .Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // A provider asking us to wait longer than we are willing to is better left for the next one.
                ShouldHandle = new PredicateBuilder()
                    .Handle<LlmProviderException>(e => e.IsTransient && (e.RetryAfter is null || e.RetryAfter <= maxRetryAfter))
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
                DelayGenerator = static args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is LlmProviderException { RetryAfter: { } retryAfter } ? retryAfter : null),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.CircuitSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds),
            StateProvider = circuit,
        });
        builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        return builder.Build();
    }

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
