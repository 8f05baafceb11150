using Dapr.DurableTask.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>An activity scheduled by a turn, queued or held by a worker until its result comes back with the token.</summary>
internal sealed record PendingActivity(string Token, string InstanceId, string ExecutionId, int TaskId, string TaskExecutionId, WorkItem Item)
{
    /// <summary>The GetWorkItems stream that holds it; 0 while queued.</summary>
    public long Stream { get; set; }
}
