using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Agents.Testing;

namespace Agents.Pipeline.Tests.Unit;

public sealed class StorageTests : IDisposable
{
    private readonly string _data = TempDirectories.Create("agents-pipeline-unit-");

    [Fact]
    public async Task ArtifactStore_PutTwice_KeepsTheFirstWrite()
    {
        var store = new FileArtifactStore(_data);

        await store.PutAsync("run1/plan-1", "{\"a\":1}", TestContext.Current.CancellationToken);
        await store.PutAsync("run1/plan-1", "{\"a\":2}", TestContext.Current.CancellationToken);

        Assert.Equal("{\"a\":1}", await store.GetAsync("run1/plan-1", TestContext.Current.CancellationToken));
        Assert.Null(await store.GetAsync("run1/plan-2", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("run1/../../x")]
    [InlineData("/abs/key")]
    [InlineData("run1/a/b")]
    public async Task ArtifactStore_WithKeyOutsideTheFolder_Throws(string key)
    {
        var store = new FileArtifactStore(_data);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, "{}", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EventStore_SameIdTwice_StoresItOnce_AndSurvivesATornLastLine()
    {
        var store = new FilePipelineEventStore(_data);
        Assert.True(await store.AppendAsync("run1", "e1", Json("e1"), TestContext.Current.CancellationToken));
        Assert.False(await store.AppendAsync("run1", "e1", Json("e1"), TestContext.Current.CancellationToken));
        await File.AppendAllTextAsync(Path.Combine(_data, "events", "run1.jsonl"), "{\"id\":\"torn", TestContext.Current.CancellationToken);

        var reopened = new FilePipelineEventStore(_data);
        Assert.True(await reopened.AppendAsync("run1", "e2", Json("e2"), TestContext.Current.CancellationToken));
        var events = await reopened.ReadAsync("run1", 0, TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal(["e1", "e2"], events.Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("id").GetString()));
        Assert.Single(await reopened.ReadAsync("run1", 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EmbeddedEvents_PublishWakesAWaitingReader()
    {
        var events = new EmbeddedPipelineEvents(new FilePipelineEventStore(_data), TimeProvider.System);
        var wait = events.WaitAsync("run1", TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        await events.PublishAsync(new StepStartedEvent("run1:plan:1:started", "run1", DateTimeOffset.UnixEpoch, "plan", 1), TestContext.Current.CancellationToken);
        await wait;
        var read = await events.ReadAsync("run1", 0, TestContext.Current.CancellationToken);

        var started = Assert.IsType<StepStartedEvent>(Assert.Single(read).Event);
        Assert.Equal("plan", started.Step);
        Assert.Equal("StepStarted", started.Type);
    }

    [Fact]
    public async Task EmbeddedEvents_WaitsThatEnd_LeaveNoSignalBehind()
    {
        var events = new EmbeddedPipelineEvents(new FilePipelineEventStore(_data), TimeProvider.System);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var leaving = events.WaitAsync("run1", TimeSpan.FromMinutes(5), first.Token);
        var staying = events.WaitAsync("run1", TimeSpan.FromMinutes(5), second.Token);
        var other = events.WaitAsync("run2", TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        await first.CancelAsync();
        await leaving;
        var whileOneWaits = events.SignalledRuns;
        await events.PublishAsync(new StepStartedEvent("run2:plan:1:started", "run2", DateTimeOffset.UnixEpoch, "plan", 1), TestContext.Current.CancellationToken);
        await other;
        await second.CancelAsync();
        await staying;

        Assert.Equal(2, whileOneWaits);
        Assert.Equal(0, events.SignalledRuns);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static string Json(string id) => JsonSerializer.Serialize(new { type = "StepStarted", id, runId = "run1" });
}
