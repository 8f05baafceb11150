using System.Collections.Concurrent;
using System.Diagnostics;
using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>
/// The backend's span per workflow instance: emitted when the instance ends, from its creation to its end, tagged
/// with its name, id and final status, and an error status when it failed.
/// </summary>
public sealed class WorkflowSpanTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public WorkflowSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Agents.Workflows",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task ACompletedInstance_HasOneSpan_WithItsIdNameAndStatus()
    {
        await using var host = await SdkTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 1);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        var span = Assert.Single(_spans, s => Equals(s.GetTagItem("workflow.instance_id"), id));
        Assert.Equal($"workflow {nameof(ChainWorkflow)}", span.DisplayName);
        Assert.Equal(nameof(ChainWorkflow), span.GetTagItem("workflow.name"));
        Assert.Equal("Completed", span.GetTagItem("workflow.status"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.True(span.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task AFailedInstance_HasAnErrorSpan_WithTheFailureType()
    {
        await using var host = await SdkTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(FailureWorkflow), input: "uncaught");

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        var span = Assert.Single(_spans, s => Equals(s.GetTagItem("workflow.instance_id"), id));
        Assert.Equal("Failed", span.GetTagItem("workflow.status"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.False(string.IsNullOrEmpty(span.GetTagItem("error.type") as string));
    }
}
