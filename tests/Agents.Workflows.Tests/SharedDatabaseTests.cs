using System.Collections.Concurrent;
using Agents.Testing;

namespace Agents.Workflows.Tests;

/// <summary>Several runtimes (each its own lease owner, as separate processes would be) on one PostgreSQL database.</summary>
public sealed class SharedDatabaseTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoRuntimesOnOneDatabase_ShareTheWork_AndEachActivityRunsOnce()
    {
        var location = await WorkflowTestHost.NewLocationAsync(JournalKind.Postgres, postgres);
        var runs = new ConcurrentDictionary<string, int>();
        void Register(WorkflowRuntimeOptions o)
        {
            o.RegisterActivity<string, string>("Mark", (_, key) =>
            {
                runs.AddOrUpdate(key, 1, (_, n) => n + 1);
                return Task.FromResult(key);
            });
            o.RegisterWorkflow<int, int>("Shared", async (ctx, n) =>
                (await Task.WhenAll(Enumerable.Range(0, 4).Select(k => ctx.CallActivityAsync<string>("Mark", $"{ctx.InstanceId}/{k}")))).Length + n);
        }
        await using var a = await WorkflowTestHost.StartAsync(JournalKind.Postgres, location, Register);
        await using var b = await WorkflowTestHost.StartAsync(JournalKind.Postgres, location, Register);

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? a : b).Client.ScheduleNewWorkflowAsync("Shared", $"s{i}", i, cancellation: Ct)));
        var states = await Task.WhenAll(ids.Select(id => b.CompleteAsync(id)));

        Assert.All(states, s => Assert.Equal(WorkflowRuntimeStatus.Completed, s.RuntimeStatus));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i + 4), states.Select(s => s.ReadOutputAs<int>()));
        Assert.Equal(160, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.Value));
    }
}
