using Dapr.DurableTask.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>
/// A workflow turn handed to a worker: the new events it carries (committed to history only when the worker
/// completes it with this token) and the work item, kept to hand out again if the worker's stream drops.
/// </summary>
internal sealed record InFlightTurn(string Token, IReadOnlyList<HistoryEvent> NewEvents, WorkItem Item)
{
    /// <summary>The GetWorkItems stream that holds it; 0 while queued.</summary>
    public long Stream { get; set; }
}
