using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Agents.Workflows.Engine;

/// <summary>
/// Spans for workflows and activities (source "Agents.Workflows"). An instance outlives processes, so its
/// spans cannot nest under one live parent: they share a trace id derived from the instance id instead,
/// and the workflow span is emitted when the instance finishes, starting at its creation time.
/// </summary>
internal static class WorkflowTelemetry
{
    public const string SourceName = "Agents.Workflows";

    public static ActivitySource Source { get; } = new(SourceName);

    public static ActivityContext InstanceContext(string instanceId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(instanceId));
        return new ActivityContext(ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)), ActivityTraceFlags.Recorded, isRemote: true);
    }

    public static Activity? StartActivity(string name, string instanceId) =>
        Source.HasListeners() ? Source.StartActivity($"activity {name}", ActivityKind.Internal, InstanceContext(instanceId), [new("workflow.instance_id", instanceId), new("workflow.activity", name)]) : null;

    public static void WorkflowFinished(string name, string instanceId, WorkflowRuntimeStatus status, DateTimeOffset createdAt, string? error)
    {
        if (!Source.HasListeners())
        {
            return;
        }
        using var span = Source.StartActivity($"workflow {name}", ActivityKind.Internal, InstanceContext(instanceId),
            [new("workflow.instance_id", instanceId), new("workflow.name", name), new("workflow.status", status.ToString())], startTime: createdAt);
        span?.SetStatus(status == WorkflowRuntimeStatus.Completed ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
    }
}
