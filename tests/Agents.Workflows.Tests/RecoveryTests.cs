using System.Diagnostics;
using Agents.Testing;
using Agents.Workflows.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Agents.Workflows.Tests;

/// <summary>What survives a restart: instances resume from the journal, finished steps are not repeated.</summary>
public sealed class RecoveryTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Journals.Durable), MemberType = typeof(Journals))]
    public async Task Restart_ResumesTheInstance_ReplaysDeterministically_AndDoesNotRerunFinishedActivities(JournalKind kind)
    {
        var location = await WorkflowTestHost.NewLocationAsync(kind, postgres);
        var key = Guid.NewGuid().ToString("N");
        string id;
        await using (var first = await WorkflowTestHost.StartAsync(kind, location, Register))
        {
            id = await first.Client.ScheduleNewWorkflowAsync("Resumable", input: key, cancellation: Ct);
            await first.WaitForStateAsync(id, s => s.ReadCustomStatusAs<string>() == "waiting");
        }

        await using var second = await WorkflowTestHost.StartAsync(kind, location, Register);
        await second.Client.RaiseEventAsync(id, "go", "event", cancellation: Ct);
        var state = await second.CompleteAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("same-guid|same-clock|event", state.ReadOutputAs<string>());
        Assert.Equal(1, Executions.Count(key + "-a"));
        Assert.Equal(1, Executions.Count(key + "-b"));
    }

    [Theory]
    [MemberData(nameof(Journals.Durable), MemberType = typeof(Journals))]
    public async Task TimerDueWhileStopped_FiresAfterRestart(JournalKind kind)
    {
        var location = await WorkflowTestHost.NewLocationAsync(kind, postgres);
        var time = new FakeTimeProvider();
        static void Register(WorkflowRuntimeOptions o) => o.RegisterWorkflow<int, string>("Nap", async (ctx, _) =>
        {
            await ctx.CreateTimer(TimeSpan.FromHours(1));
            return "woke";
        });
        string id;
        await using (var first = await WorkflowTestHost.StartAsync(kind, location, Register, time))
        {
            id = await first.Client.ScheduleNewWorkflowAsync("Nap", input: 0, cancellation: Ct);
            await first.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        }
        time.Advance(TimeSpan.FromHours(2));

        await using var second = await WorkflowTestHost.StartAsync(kind, location, Register, time);
        var state = await second.CompleteAsync(id);

        Assert.Equal("woke", state.ReadOutputAs<string>());
    }

    [Theory]
    [MemberData(nameof(Journals.Durable), MemberType = typeof(Journals))]
    public async Task ChangedWorkflowCode_FailsTheInstanceNamingBothSteps(JournalKind kind)
    {
        var location = await WorkflowTestHost.NewLocationAsync(kind, postgres);
        static void Version(WorkflowRuntimeOptions o, string step)
        {
            o.RegisterActivity<int, int>("StepA", (_, x) => Task.FromResult(x));
            o.RegisterActivity<int, int>("StepB", (_, x) => Task.FromResult(x));
            o.RegisterWorkflow<int, int>("Evolving", async (ctx, x) =>
            {
                await ctx.CallActivityAsync<int>(step, x);
                return await ctx.WaitForExternalEventAsync<int>("go");
            });
        }
        string id;
        await using (var first = await WorkflowTestHost.StartAsync(kind, location, o => Version(o, "StepA")))
        {
            id = await first.Client.ScheduleNewWorkflowAsync("Evolving", input: 1, cancellation: Ct);
            await first.WaitForStateAsync(id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        }

        await using var second = await WorkflowTestHost.StartAsync(kind, location, o => Version(o, "StepB"));
        await second.Client.RaiseEventAsync(id, "go", 2, cancellation: Ct);
        var state = await second.CompleteAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("activity 'StepA'", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'StepB'", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Non-deterministic", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileJournal_WithATornLastRecord_StartsAndKeepsEverythingBeforeIt()
    {
        var location = await WorkflowTestHost.NewLocationAsync(JournalKind.File, postgres);
        static void Register(WorkflowRuntimeOptions o) => o.RegisterWorkflow<int, int>("Inc", (_, x) => Task.FromResult(x + 1));
        await using (var first = await WorkflowTestHost.StartAsync(JournalKind.File, location, Register))
        {
            await first.CompleteAsync(await first.Client.ScheduleNewWorkflowAsync("Inc", "before", 1, cancellation: Ct));
        }
        var path = Path.Combine(location, FileWorkflowJournal.FileName);
        var intact = new FileInfo(path).Length;
        await using (var file = new FileStream(path, FileMode.Append))
        {
            // A header announcing 4 KiB followed by a few bytes: what a SIGKILL mid-write leaves behind.
            await file.WriteAsync(new byte[] { 0x00, 0x10, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, (byte)'{', (byte)'"' }, Ct);
        }

        await using var second = await WorkflowTestHost.StartAsync(JournalKind.File, location, Register);
        var before = await second.Client.GetWorkflowStateAsync("before", cancellation: Ct);
        var after = await second.CompleteAsync(await second.Client.ScheduleNewWorkflowAsync("Inc", "after", 10, cancellation: Ct));

        Assert.Equal(2, before.ReadOutputAs<int>());
        Assert.Equal(11, after.ReadOutputAs<int>());
        Assert.True(new FileInfo(path).Length > intact);
    }

    [Fact]
    public async Task FileJournal_CompactedOnStart_KeepsStateAndShrinks()
    {
        var location = await WorkflowTestHost.NewLocationAsync(JournalKind.File, postgres);
        var key = Guid.NewGuid().ToString("N");
        var path = Path.Combine(location, FileWorkflowJournal.FileName);
        string waiting;
        await using (var first = await WorkflowTestHost.StartAsync(JournalKind.File, location, Register))
        {
            for (var i = 0; i < 20; i++)
            {
                var done = await first.Client.ScheduleNewWorkflowAsync("Resumable", $"done-{i}", $"{key}-{i}", cancellation: Ct);
                await first.Client.RaiseEventAsync(done, "go", "x", cancellation: Ct);
                await first.CompleteAsync(done);
            }
            waiting = await first.Client.ScheduleNewWorkflowAsync("Resumable", input: key, cancellation: Ct);
            await first.WaitForStateAsync(waiting, s => s.ReadCustomStatusAs<string>() == "waiting");
        }
        var before = new FileInfo(path).Length;

        await using var second = await WorkflowTestHost.StartAsync(JournalKind.File, location, o =>
        {
            Register(o);
            o.UseFileJournal(location, compactAboveBytes: 0);
        });
        var compacted = new FileInfo(path).Length;
        await second.Client.RaiseEventAsync(waiting, "go", "after compaction", cancellation: Ct);
        var state = await second.CompleteAsync(waiting);
        var earlier = await second.Client.GetWorkflowStateAsync("done-7", cancellation: Ct);

        Assert.True(compacted < before / 2, $"{compacted} bytes after compaction, {before} before");
        Assert.Equal("same-guid|same-clock|after compaction", state.ReadOutputAs<string>());
        Assert.Equal(1, Executions.Count(key + "-a"));
        Assert.Equal(WorkflowRuntimeStatus.Completed, earlier.RuntimeStatus);
        Assert.Equal("same-guid|same-clock|x", earlier.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Telemetry_EmitsOneSpanPerWorkflowAndPerActivityWithInstanceIdAndStatus()
    {
        var id = "otel-" + Guid.NewGuid().ToString("N");
        var spans = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Agents.Workflows",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if ((string?)a.GetTagItem("workflow.instance_id") == id)
                {
                    spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await WorkflowTestHost.StartAsync(JournalKind.Memory, "", o =>
        {
            o.RegisterActivity<int, int>("Inc", (_, x) => Task.FromResult(x + 1));
            o.RegisterWorkflow<int, int>("Traced", async (ctx, x) => await ctx.CallActivityAsync<int>("Inc", await ctx.CallActivityAsync<int>("Inc", x)));
        });

        await host.CompleteAsync(await host.Client.ScheduleNewWorkflowAsync("Traced", id, 1, cancellation: Ct));
        await host.DisposeAsync();

        var workflow = Assert.Single(spans, s => s.DisplayName == "workflow Traced");
        Assert.Equal("Completed", workflow.GetTagItem("workflow.status"));
        Assert.Equal(ActivityStatusCode.Ok, workflow.Status);
        Assert.Equal(2, spans.Count(s => s.DisplayName == "activity Inc"));
        Assert.All(spans, s => Assert.Equal(workflow.TraceId, s.TraceId));
    }

    private static void Register(WorkflowRuntimeOptions o)
    {
        o.RegisterActivity<string, string>("Count", (_, k) => { Executions.Record(k); return Task.FromResult(k); });
        o.RegisterActivity<string, string>("Echo", (_, s) => Task.FromResult(s));
        o.RegisterWorkflow<string, string>("Resumable", async (ctx, key) =>
        {
            var guid = ctx.NewGuid();
            var startedAt = ctx.CurrentUtcDateTime;
            var echoed = await ctx.CallActivityAsync<string>("Echo", $"{guid}|{startedAt:O}");
            await ctx.CallActivityAsync<string>("Count", key + "-a");
            ctx.SetCustomStatus("waiting");
            var payload = await ctx.WaitForExternalEventAsync<string>("go");
            await ctx.CallActivityAsync<string>("Count", key + "-b");
            var parts = echoed.Split('|');
            return $"{(parts[0] == guid.ToString() ? "same-guid" : "other-guid")}|{(parts[1] == startedAt.ToString("O") ? "same-clock" : "other-clock")}|{payload}";
        });
    }
}
