using Agents.Llm.Routing;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Tests.Providers;

/// <summary>Plain and streamed chat through the whole stack against a real OpenAI-compatible HTTP server.</summary>
public sealed class ChatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_PlainChat_ReturnsTextModelProviderAndUsage()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Text("Hello there.", promptTokens: 12, completionTokens: 3, model: "test-model-2025"));
        var keyVariable = "AGENTS_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(keyVariable, "sk-test-secret");
        using var host = LlmHost.Start(LlmHost.Provider("local", server).With(("Llm:Providers:local:ApiKeyEnv", keyVariable)));

        var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Temperature = 0.2f }, Ct);

        Assert.Equal("Hello there.", response.Text);
        Assert.Equal("test-model-2025", response.ModelId);
        Assert.Equal("local", response.AdditionalProperties?[LlmMetadata.Provider]);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        var seen = Assert.Single(server.Requests);
        Assert.Equal("test-model", seen.Model);
        Assert.False(seen.Stream);
        Assert.Equal(["system", "user"], seen.Messages.Select(m => m.Role));
        Assert.Equal("Hi", seen.LastUserMessage);
        Assert.Equal("Bearer sk-test-secret", seen.Authorization);
        Assert.Equal(0.2, seen.Json.GetProperty("temperature").GetDouble(), 3);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamsSeveralDeltasThenUsage()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Text("Streaming works, chunk by chunk.", promptTokens: 7, completionTokens: 9));
        using var host = LlmHost.Start(LlmHost.Provider("local", server));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Clients.ForRole(LlmRole.Reviewer).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "stream please")], cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 3, "the text should arrive in several chunks");
        Assert.Equal("Streaming works, chunk by chunk.", string.Concat(updates.Select(u => u.Text)));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(7, usage.InputTokenCount);
        Assert.Equal(9, usage.OutputTokenCount);
        Assert.True(Assert.Single(server.Requests).Stream);
        Assert.Equal(16, host.Clients.Usage.ForProvider("local").TotalTokens);
    }

    [Fact]
    public async Task GetResponseAsync_MalformedBody_FailsNamingTheProvider()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Malformed("<html>gateway error</html>"));
        using var host = LlmHost.Start(LlmHost.Provider("flaky", server));

        var error = await Assert.ThrowsAsync<Agents.Llm.Providers.LlmProviderException>(() =>
            host.Clients.ForRole(LlmRole.Planner).GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.Contains("'flaky'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a chat completion", error.Message, StringComparison.Ordinal);
    }
}
