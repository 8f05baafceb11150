using Agents.Llm.Cassettes;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;
using Agents.Testing;

namespace Agents.Llm.Tests.Cassettes;

public sealed class CassetteTests : IDisposable
{
    private readonly string _directory = TempDirectories.Create("agents-cassette-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordThenReplay_WithTheServerStopped_GivesTheSameAnswersWithoutNetwork()
    {
        var cassette = Path.Combine(_directory, "run.json");
        var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(
            ScriptedResponse.Text("""{"summary":"recorded plan"}""", promptTokens: 30, completionTokens: 8),
            ScriptedResponse.Text("recorded review"),
            ScriptedResponse.Text("recorded stream"));
        var provider = LlmHost.Provider("local", server);
        List<ChatMessage> plan = [new ChatMessage(ChatRole.User, "make a plan")];
        List<ChatMessage> review = [new ChatMessage(ChatRole.User, "review it")];
        List<ChatMessage> stream = [new ChatMessage(ChatRole.User, "stream it")];
        var planOptions = new ChatOptions { ResponseFormat = ChatResponseFormat.Json };

        string recordedPlan, recordedReview, recordedStream;
        using (var recording = LlmHost.Start(provider.With(("Llm:Cassette:Mode", "Record"), ("Llm:Cassette:Path", cassette))))
        {
            recordedPlan = (await recording.Clients.ForRole(LlmRole.Planner).GetResponseAsync(plan, planOptions, Ct)).Text;
            recordedReview = (await recording.Clients.ForRole(LlmRole.Reviewer).GetResponseAsync(review, cancellationToken: Ct)).Text;
            recordedStream = await CollectAsync(recording.Clients.ForRole(LlmRole.Reviewer).GetStreamingResponseAsync(stream, cancellationToken: Ct));
        }
        await server.DisposeAsync();
        Assert.True(File.Exists(cassette));

        using var replaying = LlmHost.Start(provider.With(("Llm:Cassette:Mode", "Replay"), ("Llm:Cassette:Path", cassette)));
        // Out of order on purpose: requests are matched by content, not position.
        var replayedReview = await replaying.Clients.ForRole(LlmRole.Reviewer).GetResponseAsync(review, cancellationToken: Ct);
        var replayedPlan = await replaying.Clients.ForRole(LlmRole.Planner).GetResponseAsync(plan, planOptions, Ct);
        var replayedStream = await CollectAsync(replaying.Clients.ForRole(LlmRole.Reviewer).GetStreamingResponseAsync(stream, cancellationToken: Ct));

        Assert.Equal("""{"summary":"recorded plan"}""", recordedPlan);
        Assert.Equal(recordedPlan, replayedPlan.Text);
        Assert.Equal(recordedReview, replayedReview.Text);
        Assert.Equal("recorded stream", recordedStream);
        Assert.Equal(recordedStream, replayedStream);
        Assert.Equal(30, replayedPlan.Usage?.InputTokenCount);
        Assert.Equal(true, replayedPlan.AdditionalProperties?[CassetteChatClient.ReplayedKey]);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Replay_UnknownRequest_FailsWithoutCallingAnyProvider()
    {
        var cassette = Path.Combine(_directory, "empty.json");
        await File.WriteAllTextAsync(cassette, """{"version":1,"interactions":[]}""", Ct);
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        using var host = LlmHost.Start(LlmHost.Provider("local", server).With(("Llm:Cassette:Mode", "Replay"), ("Llm:Cassette:Path", cassette)));

        var error = await Assert.ThrowsAsync<CassetteMissException>(() =>
            host.Clients.ForRole(LlmRole.Coder).GetResponseAsync([new ChatMessage(ChatRole.User, "never recorded")], cancellationToken: Ct));

        Assert.Contains("never recorded", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var text = "";
        await foreach (var update in updates)
        {
            text += update.Text;
        }
        return text;
    }
}
