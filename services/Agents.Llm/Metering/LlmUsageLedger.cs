namespace Agents.Llm.Metering;

/// <summary>
/// Usage so far, per provider, per run and per role within a run. In-process and since start: durable totals belong
/// to the caller (the pipeline stores a run's usage with its result). Metrics on the "Agents.Llm" meter carry the same numbers.
/// </summary>
public sealed class LlmUsageLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LlmUsage> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<LlmRole, LlmUsage>> _runs = new(StringComparer.Ordinal);
    private LlmUsage _total = LlmUsage.Zero;

    public LlmUsage Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public void Record(string provider, LlmRole role, string? runId, long inputTokens, long outputTokens, decimal costUsd)
    {
        lock (_gate)
        {
            _total = _total.Add(inputTokens, outputTokens, costUsd);
            _providers[provider] = _providers.GetValueOrDefault(provider, LlmUsage.Zero).Add(inputTokens, outputTokens, costUsd);
            if (runId is not null)
            {
                if (!_runs.TryGetValue(runId, out var roles))
                {
                    _runs[runId] = roles = [];
                }
                roles[role] = roles.GetValueOrDefault(role, LlmUsage.Zero).Add(inputTokens, outputTokens, costUsd);
            }
        }
    }

    public LlmUsage ForProvider(string provider)
    {
        lock (_gate)
        {
            return _providers.GetValueOrDefault(provider, LlmUsage.Zero);
        }
    }

    public RunUsage ForRun(string runId)
    {
        lock (_gate)
        {
            var roles = _runs.TryGetValue(runId, out var found) ? new Dictionary<LlmRole, LlmUsage>(found) : [];
            var total = roles.Values.Aggregate(LlmUsage.Zero, (sum, u) => new LlmUsage(sum.Requests + u.Requests, sum.InputTokens + u.InputTokens, sum.OutputTokens + u.OutputTokens, sum.CostUsd + u.CostUsd));
            return new RunUsage(runId, total, roles);
        }
    }

    /// <summary>Drops a finished run's entries (the caller has stored them).</summary>
    public void ForgetRun(string runId)
    {
        lock (_gate)
        {
            _runs.Remove(runId);
        }
    }
}
