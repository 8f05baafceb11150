using System.Diagnostics;
using Dapr.DurableTask.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>
/// The backend's spans: one per workflow instance, from its creation to its end, emitted when it ends (so a trace
/// shows how long a run took and how it finished). Daprd emits its own spans; this is the embedded backend's.
/// </summary>
internal static class WorkflowTelemetry
{
    /// <summary>Under the <c>Agents.*</c> prefix that ServiceDefaults exports.</summary>
    public const string SourceName = "Agents.Workflows";

    private static readonly ActivitySource s_source = new(SourceName);

    public static void InstanceEnded(TaskHubInstance instance)
    {
        if (!s_source.HasListeners())
        {
            return;
        }
        // The span continues the trace of the call that started the instance, which the SDK passed on; without
        // one it is a root, not a child of whichever worker call happened to finish the instance.
        var parent = instance.History.Count > 0 && instance.History[0].ExecutionStarted?.ParentTraceContext is { } trace
            && ActivityContext.TryParse(trace.TraceParent, trace.TraceState, out var context)
            ? context
            : default;
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            using var span = s_source.StartActivity(
                $"workflow {instance.Name}", ActivityKind.Internal, parent, startTime: instance.CreatedAt);
            if (span is null)
            {
                return;
            }
            span.SetTag("workflow.name", instance.Name);
            span.SetTag("workflow.instance_id", instance.InstanceId);
            span.SetTag("workflow.status", instance.Status.ToString());
            if (instance.Failure is { } failure)
            {
                span.SetTag("error.type", failure.ErrorType);
            }
            if (instance.Status is OrchestrationStatus.Failed)
            {
                span.SetStatus(ActivityStatusCode.Error, instance.Failure?.ErrorMessage);
            }
            span.SetEndTime((instance.CompletedAt ?? instance.LastUpdatedAt).UtcDateTime);
        }
        finally
        {
            Activity.Current = current;
        }
    }
}
