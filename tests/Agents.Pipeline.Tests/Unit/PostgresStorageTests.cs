using System.Text.Json;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Agents.Testing;

namespace Agents.Pipeline.Tests.Unit;

/// <summary>The PostgreSQL artifact and event stores against a real server: first write wins, duplicates dropped, order kept.</summary>
public sealed class PostgresStorageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stores_OnPostgres_BehaveLikeTheFileStores()
    {
        await using var database = new PipelineDatabase(await postgres.CreateDatabaseAsync("store"));
        var artifacts = new PostgresArtifactStore(database);
        var events = new PostgresPipelineEventStore(database);
        var ct = TestContext.Current.CancellationToken;

        await artifacts.PutAsync("run1/plan-1", "{\"a\":1}", ct);
        await artifacts.PutAsync("run1/plan-1", "{\"a\":2}", ct);
        Assert.True(await events.AppendAsync("run1", "e1", Json("e1"), ct));
        Assert.False(await events.AppendAsync("run1", "e1", Json("e1"), ct));
        Assert.True(await events.AppendAsync("run2", "e2", Json("e2"), ct));
        Assert.True(await events.AppendAsync("run1", "e3", Json("e3"), ct));
        var run1 = await events.ReadAsync("run1", 0, ct);

        Assert.Equal("{\"a\":1}", await artifacts.GetAsync("run1/plan-1", ct));
        Assert.Null(await artifacts.GetAsync("run1/plan-2", ct));
        Assert.Equal(["e1", "e3"], run1.Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("id").GetString()));
        Assert.Single(await events.ReadAsync("run1", run1[0].Sequence, ct));
    }

    private static string Json(string id) => JsonSerializer.Serialize(new { type = "StepStarted", id });
}
