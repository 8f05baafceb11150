namespace Agents.Contracts;

/// <summary>One <c>event: delta</c> of a streamed chat: the next piece of text.</summary>
public sealed record ChatStreamDelta(string Delta);
