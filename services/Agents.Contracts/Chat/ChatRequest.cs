namespace Agents.Contracts;

/// <summary>Body of <c>POST /api/chat</c>.</summary>
/// <param name="Messages">The conversation; at least one message.</param>
/// <param name="Model">Optional: <c>provider/model</c>, <c>provider</c>, or a configured model name; the role's chain when absent.</param>
/// <param name="Stream">When true the answer comes as Server-Sent Events of deltas.</param>
/// <param name="Role">Optional: whose chain to use (planner, coder, testDesigner, reviewer); the default chain when absent.</param>
public sealed record ChatRequest(IReadOnlyList<ChatRequestMessage>? Messages, string? Model = null, bool Stream = false, string? Role = null);
