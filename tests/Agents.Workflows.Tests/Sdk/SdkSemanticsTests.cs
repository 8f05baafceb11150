using Dapr.Workflow;
using Dapr.Workflow.Client;
using Grpc.Core;

namespace Agents.SdkWorkflows.Tests;

/// <summary>
/// The real Dapr.Workflow SDK (worker and client) against the embedded backend over gRPC; run once per store
/// (<see cref="MemorySdkSemanticsTests"/>, <see cref="FileSdkSemanticsTests"/>, <see cref="PostgresSdkSemanticsTests"/>).
/// </summary>
public abstract class SdkSemanticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh store: a file-store directory, a PostgreSQL database, or neither (memory).</summary>
    protected abstract Task<(string? Directory, string? Postgres)> NewStoreAsync();

    private async Task<SdkTestHost> StartAsync()
    {
        var (directory, postgres) = await NewStoreAsync();
        return await SdkTestHost.StartAsync(journalDirectory: directory, postgres: postgres);
    }

    [Fact]
    public async Task ActivityChain_RunsEachStepOnce_AndReturnsTheResult()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 1);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(4, state.ReadOutputAs<int>());
        Assert.Equal(3, host.Runs.Count(nameof(AddOneActivity)));
    }

    [Fact]
    public async Task FanOutFanIn_CombinesAllActivityResults()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(FanOutWorkflow), input: 20);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 20).Sum(i => i * i), state.ReadOutputAs<int>());
    }

    [Fact]
    public async Task RetryPolicy_RetriesAFailingActivity_UntilItSucceeds()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(RetryWorkflow), input: 2);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(3, state.ReadOutputAs<int>());
    }

    [Fact]
    public async Task RetryPolicy_GivesUpAfterTheLastAttempt_WithTheActivityFailure()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(RetryWorkflow), input: 5);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(3, host.Runs.Count(id));
        Assert.Contains("attempt 3 fails", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timer_FiresAfterItsDelay_AndIsInTheHistory()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(TimerWorkflow), input: 100);

        var state = await host.CompletionAsync(id);

        Assert.Equal("fired after the delay", state.ReadOutputAs<string>());
        var history = await host.Client.GetInstanceHistoryAsync(id, cancellation: Ct);
        Assert.Contains(history, e => e.EventType == WorkflowHistoryEventType.TimerCreated);
        Assert.Contains(history, e => e.EventType == WorkflowHistoryEventType.TimerFired);
    }

    [Fact]
    public async Task ExternalEvent_WithoutTimeout_DeliversThePayload()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
        await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);

        await host.Client.RaiseEventAsync(id, "approval", "alice", cancellation: Ct);

        Assert.Equal("approved:alice", (await host.CompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_WithTimeout_ArrivingInTime_DeliversThePayload()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 600_000);
        await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);

        await host.Client.RaiseEventAsync(id, "approval", "bob", cancellation: Ct);

        Assert.Equal("approved:bob", (await host.CompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_WithTimeout_NotArriving_TimesOut()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 100);

        Assert.Equal("timed out", (await host.CompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task SendEvent_FromOneWorkflow_ReachesAnother()
    {
        await using var host = await StartAsync();
        var target = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
        await host.Client.WaitForWorkflowStartAsync(target, cancellation: Ct);

        var sender = await host.Client.ScheduleNewWorkflowAsync(nameof(SenderWorkflow), input: target);

        Assert.Equal(WorkflowRuntimeStatus.Completed, (await host.CompletionAsync(sender)).RuntimeStatus);
        Assert.Equal("approved:from-sender", (await host.CompletionAsync(target)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ChildWorkflow_ReturnsItsResultToTheParent()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ParentWorkflow), input: 2);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(50, state.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ContinueAsNew_RestartsWithTheNewInput_UntilDone()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(CounterWorkflow), input: 0);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(3, state.ReadOutputAs<int>());
        Assert.Equal(3, host.Runs.Count(nameof(AddOneActivity)));
        // The last execution's history starts afresh: one activity, not three.
        var history = await host.Client.GetInstanceHistoryAsync(id, cancellation: Ct);
        Assert.Single(history, e => e.EventType == WorkflowHistoryEventType.TaskScheduled);
    }

    [Fact]
    public async Task CustomStatus_IsVisibleWhileRunning_AndUpdatedAtTheEnd()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(StatusWorkflow), input: "go");

        var started = await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);
        Assert.Equal(WorkflowRuntimeStatus.Running, started.RuntimeStatus);
        Assert.Equal("waiting for go", started.ReadCustomStatusAs<string>());

        await host.Client.RaiseEventAsync(id, "go", "now", cancellation: Ct);
        Assert.Equal("got now", (await host.CompletionAsync(id)).ReadCustomStatusAs<string>());
    }

    [Fact]
    public async Task Terminate_EndsAWaitingWorkflowAndItsChild()
    {
        await using var host = await StartAsync();
        var child = "child-" + Guid.NewGuid().ToString("N");
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(WaitingParentWorkflow), input: child);
        await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);
        await host.Client.WaitForWorkflowStartAsync(child, cancellation: Ct);

        await host.Client.TerminateWorkflowAsync(id, "stopped by test", cancellation: Ct);

        var state = await host.CompletionAsync(id);
        Assert.Equal(WorkflowRuntimeStatus.Terminated, state.RuntimeStatus);
        Assert.Equal("stopped by test", state.ReadOutputAs<string>());
        Assert.Equal(WorkflowRuntimeStatus.Terminated, (await host.CompletionAsync(child)).RuntimeStatus);
    }

    [Fact]
    public async Task Purge_RemovesAFinishedInstance_AndRefusesARunningOne()
    {
        await using var host = await StartAsync();
        var done = await host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 0);
        await host.CompletionAsync(done);
        var running = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
        await host.Client.WaitForWorkflowStartAsync(running, cancellation: Ct);

        Assert.True(await host.Client.PurgeInstanceAsync(done, cancellation: Ct));
        Assert.False((await host.Client.GetWorkflowStateAsync(done, cancellation: Ct)).Exists);
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Client.PurgeInstanceAsync(running, cancellation: Ct));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.True((await host.Client.GetWorkflowStateAsync(running, cancellation: Ct)).Exists);
    }

    [Fact]
    public async Task SuspendResume_HoldsEventsWhileSuspended_AndDeliversThemOnResume()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
        await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);

        await host.Client.SuspendWorkflowAsync(id, "hold", cancellation: Ct);
        await host.Client.RaiseEventAsync(id, "approval", "carol", cancellation: Ct);
        Assert.Equal(WorkflowRuntimeStatus.Suspended, (await host.Client.GetWorkflowStateAsync(id, cancellation: Ct)).RuntimeStatus);

        await host.Client.ResumeWorkflowAsync(id, "go on", cancellation: Ct);
        Assert.Equal("approved:carol", (await host.CompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ScheduledStart_StaysPendingUntilItsTime()
    {
        await using var host = await StartAsync();
        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(300);
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), null, 0, startAt, Ct);

        Assert.Equal(WorkflowRuntimeStatus.Pending, (await host.Client.GetWorkflowStateAsync(id, cancellation: Ct)).RuntimeStatus);
        var started = await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);
        Assert.NotEqual(WorkflowRuntimeStatus.Pending, started.RuntimeStatus);
        var history = await host.Client.GetInstanceHistoryAsync(id, cancellation: Ct);
        Assert.True(history.First(e => e.EventType == WorkflowHistoryEventType.OrchestratorStarted).Timestamp >= startAt.UtcDateTime);
        Assert.Equal(3, (await host.CompletionAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task FailedActivity_FailureDetailsReachTheWorkflow()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(FailureWorkflow), input: "catch");

        var state = await host.CompletionAsync(id);

        Assert.Equal("System.InvalidOperationException|boom", state.ReadOutputAs<string>());
    }

    [Fact]
    public async Task FailedActivity_Uncaught_FailsTheWorkflowWithItsMessage()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(FailureWorkflow), input: "disk full");

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("disk full", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnregisteredWorkflow_FailsClearly()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync("NoSuchWorkflow", input: 1);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("NoSuchWorkflow", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnregisteredActivity_FailsTheWorkflowClearly()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(MissingActivityWorkflow), input: "x");

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("NoSuchActivity", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListInstanceIds_PagesThroughAllInstances_NewestFirst()
    {
        await using var host = await StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: i));
        }

        var first = await host.Client.ListInstanceIdsAsync(pageSize: 2, cancellation: Ct);
        var second = await host.Client.ListInstanceIdsAsync(first.ContinuationToken, pageSize: 2, cancellation: Ct);

        Assert.Equal(Enumerable.Reverse(ids), first.InstanceIds.Concat(second.InstanceIds));
        Assert.NotNull(first.ContinuationToken);
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task StartingARunningInstanceIdAgain_IsRefused()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), id, 0));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
    }
}
