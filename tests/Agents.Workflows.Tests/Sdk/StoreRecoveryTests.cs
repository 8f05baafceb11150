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
    public async Task ASecondBackendOnTheSameDatabase_IsRefusedNamingIt_UntilTheFirstStops()
    {
        var database = await postgres.CreateDatabaseAsync("taskhub");
        string id;
        await using (var first = await SdkTestHost.StartHubAsync(journalDirectory: null, postgres: database))
        {
            var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => SdkTestHost.StartHubAsync(journalDirectory: null, postgres: database));
            Assert.Contains("Another process runs the workflow backend on database", refused.ToString(), StringComparison.Ordinal);
            await using var host = await SdkTestHost.StartAsync(hub: first);
            id = await host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 1);
            await host.CompletionAsync(id);
        }

        // The lock goes with the first backend's session: a successor starts and finds the first one's work.
        await using var successor = await SdkTestHost.StartAsync(journalDirectory: null, postgres: database);
        Assert.Equal(WorkflowRuntimeStatus.Completed, (await successor.Client.GetWorkflowStateAsync(id, cancellation: Ct)).RuntimeStatus);
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
