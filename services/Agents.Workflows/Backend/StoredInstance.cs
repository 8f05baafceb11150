using Dapr.DurableTask.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>
/// An instance as the durable store keeps it: its metadata, committed history and pending events (the inbox
/// plus any turn a worker held, which was never committed). Outstanding activities and timers are not stored:
/// they are whatever the history scheduled and has no result for, so recovery derives them.
/// </summary>
internal sealed class StoredInstance
{
    public required string InstanceId { get; init; }

    public required string Name { get; set; }

    public string? Version { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string ExecutionId { get; set; }

    public OrchestrationStatus Status { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public string? CustomStatus { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public DateTimeOffset LastUpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? ScheduledStartAt { get; set; }

    public ParentInstanceInfo? Parent { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Children { get; } = new(StringComparer.Ordinal);

    public List<HistoryEvent> History { get; } = [];

    public List<HistoryEvent> Pending { get; } = [];
}
