namespace Agents.Pipeline.Events;

/// <summary>An event waiting in the outbox: its position, id and stored JSON (the body to send).</summary>
public sealed record OutboxEvent(long Sequence, string Id, string Json);
