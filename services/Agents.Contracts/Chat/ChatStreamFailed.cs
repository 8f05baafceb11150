namespace Agents.Contracts;

/// <summary>An <c>event: error</c> of a streamed chat that failed after it started.</summary>
public sealed record ChatStreamFailed(string Error);
