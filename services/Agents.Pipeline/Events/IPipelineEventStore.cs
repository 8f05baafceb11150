namespace Agents.Pipeline.Events;

/// <summary>Durable event history per run: files under the data folder, or PostgreSQL.</summary>
internal interface IPipelineEventStore
{
    /// <summary>Appends the event; false when an event with <paramref name="id"/> is already stored.</summary>
    Task<bool> AppendAsync(string runId, string id, string json, CancellationToken cancellationToken);

    Task<IReadOnlyList<(long Sequence, string Json)>> ReadAsync(string runId, long afterSequence, CancellationToken cancellationToken);
}
