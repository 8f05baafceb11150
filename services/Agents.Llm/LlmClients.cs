using Agents.Llm.Cassettes;
using Agents.Llm.Configuration;
using Agents.Llm.Metering;
using Agents.Llm.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agents.Llm;

/// <summary>
/// Builds one <see cref="ProviderRuntime"/> per configured provider (shared, so limits and circuits are per provider,
/// not per caller) and composes each role's client with <see cref="ChatClientBuilder"/>: Microsoft.Extensions.AI's
/// tool loop → cassette (when configured) → router → per provider and model, GenAI telemetry → the OpenAI SDK.
/// </summary>
public sealed class LlmClients : ILlmClients, IDisposable
{
    /// <summary>The named <see cref="HttpClient"/> every provider's SDK client sends through.</summary>
    public const string HttpClientName = "Agents.Llm";

    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(3);

    private readonly LlmOptions _options;
    private readonly Dictionary<string, ProviderRuntime> _runtimes = new(StringComparer.OrdinalIgnoreCase);
    private readonly PriceTable _prices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly Cassette? _cassette;
    private readonly Dictionary<LlmRole, ChainEntry[]> _chains = [];

    public LlmClients(IOptions<LlmOptions> options, IHttpClientFactory http, TimeProvider? time = null, ILoggerFactory? loggers = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger("Agents.Llm.Router");
        _prices = new PriceTable(_options.Prices);
        foreach (var (name, provider) in _options.Providers)
        {
            // Validation at start-up has already reported any provider that does not resolve.
            if (ProviderResolver.TryResolve(name, provider, environment ?? Environment.GetEnvironmentVariable, out var resolved, out var error))
            {
                _runtimes[name] = new ProviderRuntime(resolved!, _time, http.CreateClient(HttpClientName), _loggers);
            }
            else
            {
                throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), [error!]);
            }
        }
        if (_options.Cassette.Mode != CassetteMode.Off && _options.Cassette.Path is { } path)
        {
            _cassette = new Cassette(path);
        }
        // The chains are fixed by configuration: parsed once here rather than on every ForRole.
        foreach (var role in Enum.GetValues<LlmRole>())
        {
            var chain = role != LlmRole.Default && _options.Roles.TryGetValue(role.ToString(), out var configured) && configured.Count > 0
                ? configured
                : _options.Default;
            _chains[role] = [.. chain.Select(ModelRef.Parse).Select(ToEntry)];
        }
    }

    public LlmUsageLedger Usage { get; } = new();

    public IReadOnlyList<LlmProviderInfo> Providers =>
        [.. _runtimes.Values.Select(r => new LlmProviderInfo(r.Provider.Name, r.Provider.Preset, r.Provider.Endpoint, r.Provider.Models, r.CircuitState, Usage.ForProvider(r.Provider.Name)))];

    public IChatClient ForRole(LlmRole role, string? runId = null) =>
        Compose(_chains.GetValueOrDefault(role) ?? _chains[LlmRole.Default], role, runId);

    public IChatClient? ForModel(string model, LlmRole role = LlmRole.Default, string? runId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var reference = ModelRef.Parse(model);
        if (_runtimes.ContainsKey(reference.Provider))
        {
            return Compose([ToEntry(reference)], role, runId);
        }
        var serving = _runtimes.Values.Where(r => r.Provider.Models.Contains(model, StringComparer.Ordinal)).Select(r => new ChainEntry(r, model)).ToList();
        return serving.Count == 0 ? null : Compose(serving, role, runId);
    }

    public async Task<bool> IsReachableAsync(string provider, CancellationToken cancellationToken = default) =>
        _runtimes.TryGetValue(provider, out var runtime) && await runtime.ProbeAsync(s_probeTimeout, cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        foreach (var runtime in _runtimes.Values)
        {
            runtime.Dispose();
        }
    }

    private ChainEntry ToEntry(ModelRef reference)
    {
        var runtime = _runtimes[reference.Provider];
        return new ChainEntry(runtime, reference.Model ?? runtime.Provider.Models[0]);
    }

    private IChatClient Compose(IReadOnlyList<ChainEntry> chain, LlmRole role, string? runId)
    {
        var builder = new ChatClientBuilder(new FallbackChatClient(chain, role, runId, Usage, _prices, _logger))
            .UseFunctionInvocation(_loggers, tools =>
            {
                tools.MaximumIterationsPerRequest = _options.MaxToolRounds;
                // A call for a function the caller did not give us is the caller's to handle (a client-side tool, or a
                // chat caller that sent no tools at all): it is returned, not answered with "not found".
                tools.TerminateOnUnknownCalls = true;
            });
        if (_cassette is not null)
        {
            // Inside the tool loop: each model turn is recorded or replayed, the tools still run for real.
            builder.Use(inner => new CassetteChatClient(inner, _cassette, _options.Cassette.Mode, role));
        }
        return builder.Build();
    }
}
