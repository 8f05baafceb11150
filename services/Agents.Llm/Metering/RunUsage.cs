namespace Agents.Llm.Metering;

/// <summary>What one pipeline run used, in total and per role.</summary>
public sealed record RunUsage(string RunId, LlmUsage Total, IReadOnlyDictionary<LlmRole, LlmUsage> ByRole);
