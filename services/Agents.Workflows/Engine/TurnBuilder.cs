using Agents.Workflows.Journal;

namespace Agents.Workflows.Engine;

/// <summary>What a turn produced so far: consumed messages, new history, and new work to enqueue.</summary>
internal sealed class TurnBuilder
{
    public List<long> Consumed { get; } = [];

    public List<HistoryEvent> History { get; } = [];

    public List<ActivityTask> Activities { get; } = [];

    public List<WorkflowMessage> Messages { get; } = [];

    public List<InstanceRecord> Instances { get; } = [];
}
