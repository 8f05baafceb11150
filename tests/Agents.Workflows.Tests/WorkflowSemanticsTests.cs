using Agents.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Agents.Workflows.Tests;

/// <summary>The programming model's semantics, each against the memory, file and PostgreSQL journals.</summary>
public sealed class WorkflowSemanticsTests(PostgresFixture postgres)
{
    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ChainedActivities_RunInOrder_OutputIsTheLastResult(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<int, int>("Double", (_, x) => Task.FromResult(x * 2));
            o.RegisterActivity<int, int>("AddOne", (_, x) => Task.FromResult(x + 1));
            o.RegisterWorkflow<int, int>("Chain", async (ctx, x) =>
            {
                var a = await ctx.CallActivityAsync<int>("Double", x);
                var b = await ctx.CallActivityAsync<int>("AddOne", a);
                return await ctx.CallActivityAsync<int>("Double", b);
            });
        });

        var id = await host.Client.ScheduleNewWorkflowAsync("Chain", input: 5, cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(22, state.ReadOutputAs<int>());
        Assert.Equal(5, state.ReadInputAs<int>());
        Assert.Equal("Chain", state.WorkflowName);
        Assert.True(state.IsWorkflowCompleted);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task FanOutFanIn_AllResultsArriveInCallOrder(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<int, int>("Square", (_, x) => Task.FromResult(x * x));
            o.RegisterWorkflow<int, int[]>("FanOut", async (ctx, n) =>
                await Task.WhenAll(Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i))));
        });

        var id = await host.Client.ScheduleNewWorkflowAsync("FanOut", input: 20, cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * i), state.ReadOutputAs<int[]>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ClassRegistration_UsesTypeNameAndConstructorInjection(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterWorkflow<GreetWorkflow>();
            o.RegisterActivity<GreetActivity>();
        }, services: s => s.AddSingleton(new GreetingFormat("Hello, {0}!")));

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(GreetWorkflow), "greet-1", "Ada", cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal("greet-1", id);
        Assert.Equal("Hello, Ada!", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task FailingActivity_SurfacesWorkflowTaskFailedExceptionWithDetails(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<string, string>("Boom", (_, s) => throw new ArgumentOutOfRangeException(nameof(s), "bad input"));
            o.RegisterWorkflow<string, string>("Catch", async (ctx, s) =>
            {
                try
                {
                    await ctx.CallActivityAsync<string>("Boom", s);
                    return "no error";
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return $"{ex.FailureDetails.ErrorType}|{ex.FailureDetails.IsCausedBy<ArgumentException>()}|{ex.FailureDetails.IsCausedBy<InvalidOperationException>()}|{ex.FailureDetails.ErrorMessage.Contains("bad input", StringComparison.Ordinal)}|{ex.FailureDetails.StackTrace is not null}";
                }
            });
        });

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Catch", input: "x", cancellation: Ct));

        Assert.Equal("System.ArgumentOutOfRangeException|True|False|True|True", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task UnhandledFailure_FailsTheInstanceWithFailureDetails(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<int, int>("Boom", (_, _) => throw new InvalidOperationException("activity broke"));
            o.RegisterWorkflow<int, int>("Uncaught", (ctx, x) => ctx.CallActivityAsync<int>("Boom", x));
        });

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Uncaught", input: 1, cancellation: Ct));

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.NotNull(state.FailureDetails);
        Assert.True(state.FailureDetails.IsCausedBy<WorkflowTaskFailedException>());
        Assert.Contains("activity broke", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task RetryPolicy_RetriesAFailingActivityUntilItSucceeds(JournalKind kind)
    {
        var key = Guid.NewGuid().ToString("N");
        var retry = new WorkflowRetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromMilliseconds(5));
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<string, int>("Flaky", (_, k) => Executions.Record(k) < 3 ? throw new TimeoutException("not yet") : Task.FromResult(Executions.Count(k)));
            o.RegisterWorkflow<string, int>("Retrying", (ctx, k) => ctx.CallActivityAsync<int>("Flaky", k, new WorkflowTaskOptions(retry)));
        });

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Retrying", input: key, cancellation: Ct));

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(3, state.ReadOutputAs<int>());
        Assert.Equal(3, Executions.Count(key));
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task RetryPolicy_GivesUpAfterMaxAttempts(JournalKind kind)
    {
        var key = Guid.NewGuid().ToString("N");
        var retry = new WorkflowRetryPolicy(maxNumberOfAttempts: 2, firstRetryInterval: TimeSpan.FromMilliseconds(5));
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<string, int>("AlwaysFails", (_, k) => { Executions.Record(k); throw new TimeoutException("never"); });
            o.RegisterWorkflow<string, int>("GivesUp", (ctx, k) => ctx.CallActivityAsync<int>("AlwaysFails", k, new WorkflowTaskOptions(retry)));
        });

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("GivesUp", input: key, cancellation: Ct));

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(2, Executions.Count(key));
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task Timer_FiresOnlyWhenTheClockReachesIt(JournalKind kind)
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, string>("Sleeper", async (ctx, _) =>
        {
            var before = ctx.CurrentUtcDateTime;
            await ctx.CreateTimer(TimeSpan.FromHours(1));
            return (ctx.CurrentUtcDateTime - before).ToString();
        }), time);

        var id = await host.Client.ScheduleNewWorkflowAsync("Sleeper", input: 0, cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        var waiting = await host.Client.GetWorkflowStateAsync(id, cancellation: Ct);
        time.Advance(TimeSpan.FromHours(1));
        var state = await host.CompleteAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(TimeSpan.FromHours(1).ToString(), state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ExternalEvent_RaisedBeforeOrAfterTheWait_IsDelivered(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, string>("Approval", async (ctx, _) =>
        {
            var first = await ctx.WaitForExternalEventAsync<string>("first");
            var second = await ctx.WaitForExternalEventAsync<string>("Second");
            return first + second;
        }));

        var id = await host.Client.ScheduleNewWorkflowAsync("Approval", input: 0, cancellation: Ct);
        await host.Client.RaiseEventAsync(id, "first", "a", cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "SECOND", "b", cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal("ab", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ExternalEventWithTimeout_ThrowsTaskCanceledExceptionWhenTheTimerWins(JournalKind kind)
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, string>("Gate", async (ctx, _) =>
        {
            try
            {
                return await ctx.WaitForExternalEventAsync<string>("approve", TimeSpan.FromMinutes(10));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        }), time);

        var id = await host.Client.ScheduleNewWorkflowAsync("Gate", input: 0, cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        time.Advance(TimeSpan.FromMinutes(10));
        var state = await host.CompleteAsync(id);

        Assert.Equal("timed out", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ExternalEventWithTimeout_ReturnsTheEventWhenItWins(JournalKind kind)
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, string>("Gate", (ctx, _) =>
            ctx.WaitForExternalEventAsync<string>("approve", TimeSpan.FromMinutes(10))), time);

        var id = await host.Client.ScheduleNewWorkflowAsync("Gate", input: 0, cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "approve", "yes", cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal("yes", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ChildWorkflow_ReturnsItsOutputAndFailuresPropagate(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<int, int>("Triple", (_, x) => Task.FromResult(x * 3));
            o.RegisterWorkflow<int, int>("Child", async (ctx, x) => x < 0 ? throw new InvalidOperationException("negative") : await ctx.CallActivityAsync<int>("Triple", x));
            o.RegisterWorkflow<int, string>("Parent", async (ctx, x) =>
            {
                var ok = await ctx.CallChildWorkflowAsync<int>("Child", x, new ChildWorkflowTaskOptions($"{ctx.InstanceId}-child"));
                try
                {
                    await ctx.CallChildWorkflowAsync<int>("Child", -1);
                    return "no failure";
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return $"{ok}|{ex.FailureDetails.ErrorMessage}";
                }
            });
        });

        var id = await host.Client.ScheduleNewWorkflowAsync("Parent", "parent", 7, cancellation: Ct);
        var state = await host.CompleteAsync(id);
        var child = await host.Client.GetWorkflowStateAsync("parent-child", cancellation: Ct);

        Assert.Equal("21|negative", state.ReadOutputAs<string>());
        Assert.Equal(WorkflowRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Equal(21, child.ReadOutputAs<int>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ReusedParentId_StartsAFreshChildWithTheSameDefaultId(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<int, int>("Inc", (_, x) => Task.FromResult(x + 1));
            o.RegisterWorkflow<int, int>("Leaf", async (ctx, x) => await ctx.CallActivityAsync<int>("Inc", await ctx.CallActivityAsync<int>("Inc", x)));
            o.RegisterWorkflow<int, int>("Root", (ctx, x) => ctx.CallChildWorkflowAsync<int>("Leaf", x));
        });

        var first = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Root", "root", 1, cancellation: Ct));
        var second = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Root", "root", 10, cancellation: Ct));

        Assert.Equal(3, first.ReadOutputAs<int>());
        Assert.Equal(12, second.ReadOutputAs<int>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ContinueAsNew_RestartsWithTheNewInputAndKeepsPendingEvents(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, int>("Counter", async (ctx, n) =>
        {
            if (n < 3)
            {
                ctx.SetCustomStatus(new { step = n });
                ctx.ContinueAsNew(n + 1);
                return -1;
            }
            return n * 100 + int.Parse(await ctx.WaitForExternalEventAsync<string>("go"), System.Globalization.CultureInfo.InvariantCulture);
        }));

        var id = await host.Client.ScheduleNewWorkflowAsync("Counter", input: 0, cancellation: Ct);
        await host.Client.RaiseEventAsync(id, "go", "7", cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal(307, state.ReadOutputAs<int>());
        Assert.Equal(3, state.ReadInputAs<int>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task CustomStatus_IsReadableWhileRunning(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, int>("Status", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new StepStatus("waiting", 2));
            return await ctx.WaitForExternalEventAsync<int>("done");
        }));

        var id = await host.Client.ScheduleNewWorkflowAsync("Status", input: 0, cancellation: Ct);
        var running = await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "done", 1, cancellation: Ct);
        await host.CompleteAsync(id);

        Assert.Equal(new StepStatus("waiting", 2), running.ReadCustomStatusAs<StepStatus>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task Terminate_EndsTheInstanceWithTheGivenOutput(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, int>("Forever", (ctx, _) => ctx.WaitForExternalEventAsync<int>("never")));

        var id = await host.Client.ScheduleNewWorkflowAsync("Forever", input: 0, cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await host.Client.TerminateWorkflowAsync(id, "stopped by test", cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Terminated, state.RuntimeStatus);
        Assert.Equal("stopped by test", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task Terminate_AlsoTerminatesRunningChildren(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterWorkflow<int, int>("WaitingChild", (ctx, _) => ctx.WaitForExternalEventAsync<int>("never"));
            o.RegisterWorkflow<int, int>("WaitingParent", (ctx, x) => ctx.CallChildWorkflowAsync<int>("WaitingChild", x, new ChildWorkflowTaskOptions("the-child")));
        });

        var id = await host.Client.ScheduleNewWorkflowAsync("WaitingParent", input: 0, cancellation: Ct);
        await host.WaitForStateAsync("the-child", s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await host.Client.TerminateWorkflowAsync(id, cancellation: Ct);
        var parent = await host.CompleteAsync(id);
        var child = await host.CompleteAsync("the-child");

        Assert.Equal(WorkflowRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(WorkflowRuntimeStatus.Terminated, child.RuntimeStatus);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task SuspendAndResume_HoldsEventsUntilResumed(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, string>("Pausable", (ctx, _) => ctx.WaitForExternalEventAsync<string>("go")));

        var id = await host.Client.ScheduleNewWorkflowAsync("Pausable", input: 0, cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await host.Client.SuspendWorkflowAsync(id, "maintenance", cancellation: Ct);
        await host.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "went", cancellation: Ct);
        await host.Client.ResumeWorkflowAsync(id, cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal("went", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ScheduleWithStartTime_StaysPendingUntilThen(JournalKind kind)
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, int>("Later", (_, x) => Task.FromResult(x + 1)), time);

        var id = await host.Client.ScheduleNewWorkflowAsync("Later", input: 1, startTime: time.GetUtcNow().AddMinutes(5), cancellation: Ct);
        var pending = await host.Client.GetWorkflowStateAsync(id, cancellation: Ct);
        time.Advance(TimeSpan.FromMinutes(5));
        var started = await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);
        var state = await host.CompleteAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Pending, pending.RuntimeStatus);
        Assert.NotEqual(WorkflowRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.Equal(2, state.ReadOutputAs<int>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task Purge_RemovesFinishedInstancesOnly(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterWorkflow<int, int>("Quick", (_, x) => Task.FromResult(x));
            o.RegisterWorkflow<int, int>("Waits", (ctx, _) => ctx.WaitForExternalEventAsync<int>("never"));
        });

        var done = await host.Client.ScheduleNewWorkflowAsync("Quick", input: 1, cancellation: Ct);
        await host.CompleteAsync(done);
        var running = await host.Client.ScheduleNewWorkflowAsync("Waits", input: 1, cancellation: Ct);
        await host.WaitForStateAsync(running, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);

        Assert.True(await host.Client.PurgeInstanceAsync(done, Ct));
        Assert.False((await host.Client.GetWorkflowStateAsync(done, cancellation: Ct)).Exists);
        Assert.False(await host.Client.PurgeInstanceAsync(running, Ct));
        Assert.False(await host.Client.PurgeInstanceAsync("no-such-instance", Ct));
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ScheduleWithRunningInstanceId_Throws_AndFinishedIdIsReused(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterWorkflow<int, int>("Waits", (ctx, _) => ctx.WaitForExternalEventAsync<int>("go"));
        });

        await host.Client.ScheduleNewWorkflowAsync("Waits", "same", 1, cancellation: Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.ScheduleNewWorkflowAsync("Waits", "same", 2, cancellation: Ct));
        await host.Client.RaiseEventAsync("same", "go", 10, cancellation: Ct);
        await host.CompleteAsync("same");
        await host.Client.ScheduleNewWorkflowAsync("Waits", "same", 3, cancellation: Ct);
        var again = await host.Client.GetWorkflowStateAsync("same", cancellation: Ct);

        Assert.Equal(3, again.ReadInputAs<int>());
        Assert.False(again.IsWorkflowCompleted);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task List_IsNewestFirst_FiltersByStatus_AndPages(JournalKind kind)
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterWorkflow<int, int>("Quick", (_, x) => Task.FromResult(x));
            o.RegisterWorkflow<int, int>("Waits", (ctx, _) => ctx.WaitForExternalEventAsync<int>("never"));
        }, time);
        for (var i = 0; i < 5; i++)
        {
            await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Quick", $"q{i}", i, cancellation: Ct));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        await host.Client.ScheduleNewWorkflowAsync("Waits", "w", 0, cancellation: Ct);
        await host.WaitForStateAsync("w", s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);

        var first = await host.Client.ListWorkflowsAsync(pageSize: 4, cancellation: Ct);
        var second = await host.Client.ListWorkflowsAsync(pageSize: 4, continuationToken: first.ContinuationToken, cancellation: Ct);
        var completed = await host.Client.ListWorkflowsAsync(WorkflowRuntimeStatus.Completed, cancellation: Ct);

        Assert.Equal(["w", "q4", "q3", "q2"], first.Instances.Select(s => s.InstanceId));
        Assert.Equal(["q1", "q0"], second.Instances.Select(s => s.InstanceId));
        Assert.Null(second.ContinuationToken);
        Assert.Equal(5, completed.Instances.Count);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task PayloadLimit_RejectsLargeInputsAndFailsLargeResultsClearly(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.MaxPayloadBytes = 1000;
            o.RegisterActivity<int, string>("Big", (_, n) => Task.FromResult(new string('x', n)));
            o.RegisterWorkflow<int, string>("TooBig", async (ctx, n) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Big", n);
                }
                catch (WorkflowTaskFailedException ex) when (ex.FailureDetails.IsCausedBy<WorkflowPayloadTooLargeException>())
                {
                    return ex.FailureDetails.ErrorMessage;
                }
            });
        });

        var rejected = await Assert.ThrowsAsync<WorkflowPayloadTooLargeException>(() => host.Client.ScheduleNewWorkflowAsync("TooBig", input: new string('y', 2000), cancellation: Ct));
        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("TooBig", input: 5000, cancellation: Ct));

        Assert.Contains("MaxPayloadBytes", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("result of activity 'Big'", state.ReadOutputAs<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task UnregisteredNames_FailClearly(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o => o.RegisterWorkflow<int, int>("CallsMissing", (ctx, x) => ctx.CallActivityAsync<int>("Missing", x)));

        var missingActivity = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("CallsMissing", input: 1, cancellation: Ct));
        var missingWorkflow = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("NoSuchWorkflow", input: 1, cancellation: Ct));

        Assert.Equal(WorkflowRuntimeStatus.Failed, missingActivity.RuntimeStatus);
        Assert.Contains("No activity named 'Missing'", missingActivity.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(WorkflowRuntimeStatus.Failed, missingWorkflow.RuntimeStatus);
        Assert.Contains("No workflow named 'NoSuchWorkflow'", missingWorkflow.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task MaxConcurrentActivities_BoundsActivitiesRunningAtOnce(JournalKind kind)
    {
        var running = 0;
        var peak = 0;
        var atLimit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(kind, o =>
        {
            o.MaxConcurrentActivities = 2;
            o.RegisterActivity<int, int>("Slow", async (_, x) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                if (now >= 2)
                {
                    atLimit.TrySetResult();
                }
                // Hold every slot until the limit was reached, so an unbounded pool would show more than two at once.
                await atLimit.Task;
                Interlocked.Decrement(ref running);
                return x;
            });
            o.RegisterWorkflow<int, int>("Wide", async (ctx, n) => (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Slow", i)))).Sum());
        });

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Wide", input: 10, cancellation: Ct));

        Assert.Equal(45, state.ReadOutputAs<int>());
        Assert.Equal(2, peak);
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task SendEvent_DeliversToAnotherInstance(JournalKind kind)
    {
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterWorkflow<int, string>("Receiver", (ctx, _) => ctx.WaitForExternalEventAsync<string>("ping"));
            o.RegisterWorkflow<string, int>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target, "ping", "from sender");
                return Task.FromResult(1);
            });
        });

        await host.Client.ScheduleNewWorkflowAsync("Receiver", "receiver", 0, cancellation: Ct);
        await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Sender", input: "receiver", cancellation: Ct));
        var state = await host.CompleteAsync("receiver");

        Assert.Equal("from sender", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.All), MemberType = typeof(Journals))]
    public async Task ProcessInParallel_BoundsConcurrencyAndKeepsInputOrder(JournalKind kind)
    {
        var running = 0;
        var peak = 0;
        await using var host = await StartAsync(kind, o =>
        {
            o.RegisterActivity<int, int>("Neg", async (_, x) =>
            {
                InterlockedMax(ref peak, Interlocked.Increment(ref running));
                await Task.Yield();
                Interlocked.Decrement(ref running);
                return -x;
            });
            o.RegisterWorkflow<int, int[]>("Bounded", (ctx, n) => ctx.ProcessInParallelAsync(Enumerable.Range(0, n), i => ctx.CallActivityAsync<int>("Neg", i), maxConcurrency: 3));
        });

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Bounded", input: 12, cancellation: Ct));

        Assert.Equal(Enumerable.Range(0, 12).Select(i => -i), state.ReadOutputAs<int[]>());
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task AwaitingAForeignTask_FailsTheInstanceClearly()
    {
        var never = new TaskCompletionSource();
        await using var host = await StartAsync(JournalKind.Memory, o => o.RegisterWorkflow<int, int>("Foreign", async (_, x) =>
        {
            await never.Task;
            return x;
        }));

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Foreign", input: 1, cancellation: Ct));

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("did not create", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeterministicGuidAndClock_AreStableWithinAnInstance()
    {
        await using var host = await StartAsync(JournalKind.Memory, o => o.RegisterWorkflow<int, string>("Ids", (ctx, _) =>
        {
            var a = ctx.NewGuid();
            var b = ctx.NewGuid();
            return Task.FromResult($"{a != b}|{a != Guid.Empty}|{ctx.CurrentUtcDateTime.Kind}|{ctx.IsReplaying}");
        }));

        var state = await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Ids", input: 0, cancellation: Ct));

        Assert.Equal("True|True|Utc|False", state.ReadOutputAs<string>());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private async Task<WorkflowTestHost> StartAsync(JournalKind kind, Action<WorkflowRuntimeOptions> register, TimeProvider? time = null, Action<IServiceCollection>? services = null) =>
        await WorkflowTestHost.StartAsync(kind, await WorkflowTestHost.NewLocationAsync(kind, postgres), register, time, services);

    private sealed record StepStatus(string Phase, int Step);
}
