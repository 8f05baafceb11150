using Agents.Testing;
using Agents.Workflows.Backend;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.SdkWorkflows.Tests;

/// <summary>The durable stores across a backend restart: what was committed survives, what was outstanding runs again.</summary>
public sealed class StoreRecoveryTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("file")]
    [InlineData("postgres")]
    public async Task RestartedBackend_KeepsFinishedAndWaitingWorkflows_AndRerunsOnlyTheUnfinishedActivity(string store)
    {
        var directory = store == "file" ? TempDirectories.Create("agents-taskhub-") : null;
        var database = store == "postgres" ? await postgres.CreateDatabaseAsync("taskhub") : null;
        var gate = new ActivityGate();
        gate.Close();
        string chain, waiting, gated;
        var first = await SdkTestHost.StartAsync(services: s => s.AddSingleton(gate), journalDirectory: directory, postgres: database);
        try
        {
            chain = await first.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 1);
            await first.CompletionAsync(chain);
            waiting = await first.Client.ScheduleNewWorkflowAsync(nameof(StatusWorkflow), input: "go");
            await first.Client.WaitForWorkflowStartAsync(waiting, cancellation: Ct);
            gated = await first.Client.ScheduleNewWorkflowAsync(nameof(GatedWorkflow), input: "y");
            await gate.Entered.WaitAsync(Ct);
            Assert.Equal(3, first.Runs.Count(nameof(AddOneActivity)));
        }
        finally
        {
            await first.DisposeAsync();
            gate.Open();
        }

        await using var second = await SdkTestHost.StartAsync(journalDirectory: directory, postgres: database);

        var finished = await second.Client.GetWorkflowStateAsync(chain, cancellation: Ct);
        Assert.Equal(WorkflowRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(4, finished.ReadOutputAs<int>());
        Assert.Equal("waiting for go", (await second.Client.GetWorkflowStateAsync(waiting, cancellation: Ct)).ReadCustomStatusAs<string>());
        await second.Client.RaiseEventAsync(waiting, "go", "later", cancellation: Ct);
        Assert.Equal("later", (await second.CompletionAsync(waiting)).ReadOutputAs<string>());
        Assert.Equal("done:y", (await second.CompletionAsync(gated)).ReadOutputAs<string>());
        Assert.Equal(1, second.Runs.Count(nameof(GatedActivity)));
        Assert.Equal(0, second.Runs.Count(nameof(AddOneActivity)));
    }

    [Fact]
    public async Task TwoBackendsOnOneDatabase_ReadAndRaiseEachOthersInstances_AndTheSurvivorTakesOverAfterACleanStop()
    {
        var database = await postgres.CreateDatabaseAsync("taskhub");
        static void Short(TaskHubBackendOptions o)
        {
            o.LeaseSeconds = 2;
            o.SharedPollMilliseconds = 50;
        }
        await using var secondHub = await SdkTestHost.StartHubAsync(journalDirectory: null, postgres: database, configure: Short);
        await using var second = await SdkTestHost.StartAsync(hub: secondHub);
        string chain, waiting, left;
        await using (var firstHub = await SdkTestHost.StartHubAsync(journalDirectory: null, postgres: database, configure: Short))
        await using (var first = await SdkTestHost.StartAsync(hub: firstHub))
        {
            chain = await first.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 1);
            await first.CompletionAsync(chain);
            waiting = await first.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
            await first.Client.WaitForWorkflowStartAsync(waiting, cancellation: Ct);

            // The second process answers from the shared store: state, history, the list of every process's instances.
            var read = await second.Client.GetWorkflowStateAsync(chain, cancellation: Ct);
            Assert.Equal(WorkflowRuntimeStatus.Completed, read.RuntimeStatus);
            Assert.Equal(4, read.ReadOutputAs<int>());
            var ids = new List<string>();
            await foreach (var page in ListAllAsync(second))
            {
                ids.AddRange(page);
            }
            Assert.Equal([waiting, chain], ids);
            var taken = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => second.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), waiting, 1));
            Assert.Equal(Grpc.Core.StatusCode.AlreadyExists, taken.StatusCode);

            // An event raised on the second reaches the instance the first runs; the second sees it finish.
            await second.Client.RaiseEventAsync(waiting, "approval", "by second", cancellation: Ct);
            Assert.Equal("approved:by second", (await second.CompletionAsync(waiting)).ReadOutputAs<string>());
            Assert.Equal(0, second.Runs.Count(nameof(AddOneActivity)));

            left = await first.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
            await first.Client.WaitForWorkflowStartAsync(left, cancellation: Ct);
        }

        // The first stopped cleanly: its waiting instance runs on in the second, which the event now reaches directly.
        await second.Client.RaiseEventAsync(left, "approval", "after the stop", cancellation: Ct);
        Assert.Equal("approved:after the stop", (await second.CompletionAsync(left)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ALostLease_FencesTheOldProcess_WhichAnswersUnavailable_WhileTheNewOneRunsItsInstances()
    {
        var database = await postgres.CreateDatabaseAsync("taskhub");
        static void Named(TaskHubBackendOptions o)
        {
            o.OwnerName = "orchestrator-0";
            o.SharedPollMilliseconds = 50;
        }
        await using var oldHub = await SdkTestHost.StartHubAsync(journalDirectory: null, postgres: database, configure: Named);
        await using var old = await SdkTestHost.StartAsync(hub: oldHub);
        var waiting = await old.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
        await old.Client.WaitForWorkflowStartAsync(waiting, cancellation: Ct);

        // A process started under the same name (the old one stalled, or was restarted while still alive) takes over.
        await using var newHub = await SdkTestHost.StartHubAsync(journalDirectory: null, postgres: database, configure: Named);
        await using var current = await SdkTestHost.StartAsync(hub: newHub);

        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => old.Client.RaiseEventAsync(waiting, "approval", "stale", cancellation: Ct));
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("lost its lease", refused.Status.Detail, StringComparison.Ordinal);
        await current.Client.RaiseEventAsync(waiting, "approval", "current", cancellation: Ct);
        Assert.Equal("approved:current", (await current.CompletionAsync(waiting)).ReadOutputAs<string>());
    }

    private static async IAsyncEnumerable<IReadOnlyList<string>> ListAllAsync(SdkTestHost host)
    {
        string? token = null;
        do
        {
            var page = await host.Client.ListInstanceIdsAsync(token, pageSize: 1, Ct);
            yield return page.InstanceIds;
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    [Fact]
    public async Task TornTail_IsDropped_AndWhatWasAcknowledgedIsKept()
    {
        var directory = TempDirectories.Create("agents-taskhub-");
        string id;
        await using (var first = await SdkTestHost.StartAsync(journalDirectory: directory))
        {
            id = await first.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 5);
            await first.CompletionAsync(id);
        }
        // A record cut short by a crash: a header promising more bytes than follow.
        await File.AppendAllBytesAsync(Path.Combine(directory, FileTaskHubStore.FileName), [200, 0, 0, 0, 1, 2, 3, 4, 9, 9], Ct);

        await using var second = await SdkTestHost.StartAsync(journalDirectory: directory);

        var state = await second.Client.GetWorkflowStateAsync(id, cancellation: Ct);
        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(8, state.ReadOutputAs<int>());
        var next = await second.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 0);
        Assert.Equal(3, (await second.CompletionAsync(next)).ReadOutputAs<int>());
    }
}
