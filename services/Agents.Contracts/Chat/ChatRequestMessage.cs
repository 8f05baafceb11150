namespace Agents.Contracts;

/// <summary>One message of a chat request: role (system, user or assistant) and text.</summary>
public sealed record ChatRequestMessage(string? Role, string? Content);
