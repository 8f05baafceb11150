namespace Agents.Contracts;

/// <summary>The final <c>event: done</c> of a streamed chat.</summary>
public sealed record ChatStreamCompleted(string? Model, string Provider, ChatUsage Usage);
