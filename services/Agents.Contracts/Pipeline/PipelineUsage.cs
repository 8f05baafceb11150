namespace Agents.Contracts;

/// <summary>LLM usage: requests, tokens and cost in US dollars.</summary>
public sealed record UsageTotals(long Requests, long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static UsageTotals Zero { get; } = new(0, 0, 0, 0m);

    public UsageTotals Add(UsageTotals other) =>
        new(Requests + other.Requests, InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CostUsd + other.CostUsd);
}

/// <summary>A run's LLM usage in total and per role (<c>planner</c>, <c>testDesigner</c>, <c>coder</c>).</summary>
public sealed record PipelineUsage(UsageTotals Total, IReadOnlyDictionary<string, UsageTotals> ByRole)
{
    public static PipelineUsage Empty { get; } = new(UsageTotals.Zero, new Dictionary<string, UsageTotals>());

    public PipelineUsage Add(string role, UsageTotals usage)
    {
        var roles = new Dictionary<string, UsageTotals>(ByRole, StringComparer.Ordinal);
        roles[role] = roles.GetValueOrDefault(role, UsageTotals.Zero).Add(usage);
        return new PipelineUsage(Total.Add(usage), roles);
    }
}
