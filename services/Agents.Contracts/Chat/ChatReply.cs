namespace Agents.Contracts;

/// <summary>Answer of <c>POST /api/chat</c>: the text, the model and provider that produced it, and what it used.</summary>
public sealed record ChatReply(string Response, string? Model, string Provider, ChatUsage Usage);
