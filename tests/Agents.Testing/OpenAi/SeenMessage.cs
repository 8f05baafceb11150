namespace Agents.Testing.OpenAi;

/// <summary>One message of a received request.</summary>
public sealed record SeenMessage(string Role, string? Content, string? ToolCallId);
