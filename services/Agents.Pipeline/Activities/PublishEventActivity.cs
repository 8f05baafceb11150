using Agents.Contracts;
using Dapr.Workflow;

namespace Agents.Pipeline.Activities;

/// <summary>Publishes an event the workflow decided on; its id is fixed by run, kind and attempt, so a re-run publishes nothing new.</summary>
internal sealed class PublishEventActivity(StepEvents events) : WorkflowActivity<EventNotice, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, EventNotice input)
    {
        var id = StepEvents.Id(input.RunId, input.Kind, input.Attempt, "published");
        PipelineEvent pipelineEvent = input.Kind switch
        {
            EventNoticeKinds.PipelineStarted => new PipelineStartedEvent(id, input.RunId, events.Now, input.Input!.Language, input.Input.MaxIterations, input.Input.Approval),
            EventNoticeKinds.ApprovalRequested => new ApprovalRequestedEvent(id, input.RunId, events.Now, input.Attempt, input.Key!),
            EventNoticeKinds.ApprovalReceived => new ApprovalReceivedEvent(id, input.RunId, events.Now, input.Attempt, input.Approved, input.Reason),
            EventNoticeKinds.IterationFailed => new IterationFailedEvent(id, input.RunId, events.Now, input.Attempt, input.TrustScore, input.TestsFailed, input.Summary ?? ""),
            _ => throw new ArgumentException($"Unknown event kind '{input.Kind}'.", nameof(input)),
        };
        await events.PublishAsync(pipelineEvent).ConfigureAwait(false);
        return true;
    }
}
