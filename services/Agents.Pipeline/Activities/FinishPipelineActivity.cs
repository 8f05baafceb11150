using Agents.Contracts;
using Dapr.Workflow;

namespace Agents.Pipeline.Activities;

/// <summary>Publishes the run's last event: completed (verified) or failed with the reason.</summary>
internal sealed class FinishPipelineActivity(StepEvents events) : WorkflowActivity<FinishRequest, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, FinishRequest input)
    {
        var snapshot = input.Snapshot;
        var id = StepEvents.Id(input.RunId, PipelineSteps.Result, 1, "finished");
        PipelineEvent finished = snapshot.Status == PipelineStatuses.Completed
            ? new PipelineCompletedEvent(id, input.RunId, events.Now, snapshot.Iterations.Count, snapshot.TrustScore, snapshot.Usage.Total)
            : new PipelineFailedEvent(id, input.RunId, events.Now, snapshot.Reason ?? "The run failed.", snapshot.Iterations.Count);
        await events.PublishAsync(finished).ConfigureAwait(false);
        return true;
    }
}
