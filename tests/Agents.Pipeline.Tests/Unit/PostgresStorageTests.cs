using System.Text.Json;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Agents.Testing;
using Npgsql;

namespace Agents.Pipeline.Tests.Unit;

/// <summary>The PostgreSQL artifact and event stores against a real server: first write wins, duplicates dropped, order kept.</summary>
public sealed class PostgresStorageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stores_OnPostgres_BehaveLikeTheFileStores()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("store"));
        using var database = new PipelineDatabase(dataSource);
        var artifacts = new PostgresArtifactStore(database);
        var events = new PostgresPipelineEventStore(database, outbox: null);
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

    [Fact]
    public async Task Outbox_HandsOutUnrelayedEventsInOrder_UntilEachIsSent()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("outbox"));
        using var database = new PipelineDatabase(dataSource);
        var outbox = new PipelineEventOutbox(database);
        var relaying = new PostgresPipelineEventStore(database, outbox);
        var receiving = new PostgresPipelineEventStore(database, outbox: null);
        var ct = TestContext.Current.CancellationToken;
        await relaying.AppendAsync("run1", "e1", Json("e1"), ct);
        await receiving.AppendAsync("run1", "received", Json("received"), ct);
        await relaying.AppendAsync("run2", "e2", Json("e2"), ct);
        await relaying.AppendAsync("run1", "e3", Json("e3"), ct);
        var sent = new List<string>();
        var whileRelaying = OutboxBatchResult.Drained;

        // The gateway refuses the second event: the first stays sent, the rest wait.
        var failed = await outbox.RelayBatchAsync((e, _) => Task.FromResult(e.Id == "e1" && Record(sent, e)), 10, ct);
        // One relay at a time: while this one holds the lock, another gets nothing.
        var more = await outbox.RelayBatchAsync(async (e, token) =>
        {
            whileRelaying = await outbox.RelayBatchAsync((_, _) => Task.FromResult(true), 10, token);
            return Record(sent, e);
        }, 1, ct);
        var drained = await outbox.RelayBatchAsync((e, _) => Task.FromResult(Record(sent, e)), 10, ct);
        var nothingLeft = await outbox.RelayBatchAsync((e, _) => Task.FromResult(Record(sent, e)), 10, ct);

        Assert.Equal(OutboxBatchResult.SendFailed, failed);
        Assert.Equal(OutboxBatchResult.Busy, whileRelaying);
        Assert.Equal(OutboxBatchResult.More, more);
        Assert.Equal(OutboxBatchResult.Drained, drained);
        Assert.Equal(OutboxBatchResult.Drained, nothingLeft);
        // Stored order, each once; the received event is never relayed.
        Assert.Equal(["e1", "e2", "e3"], sent);
    }

    private static bool Record(List<string> sent, OutboxEvent outgoing)
    {
        sent.Add(outgoing.Id);
        return true;
    }

    private static string Json(string id) => JsonSerializer.Serialize(new { type = "StepStarted", id });
}
