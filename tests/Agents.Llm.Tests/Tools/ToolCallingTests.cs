using System.Text.Json;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Tests.Tools;

public sealed class ToolCallingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForRole_ModelCallsATool_InvokesItAndSendsTheResultBack()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(
            ScriptedResponse.Tools(new ScriptedToolCall("add", """{"a":2,"b":40}""", "call_1")),
            ScriptedResponse.Text("The sum is 42."));
        using var host = LlmHost.Start(LlmHost.Provider("local", server));
        var calls = new List<(int A, int B)>();
        var add = AIFunctionFactory.Create((int a, int b) =>
        {
            calls.Add((a, b));
            return a + b;
        }, "add", "Adds two integers.");

        var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync([new ChatMessage(ChatRole.User, "What is 2 + 40?")], new ChatOptions { Tools = [add] }, Ct);

        Assert.Equal("The sum is 42.", response.Text);
        Assert.Equal([(2, 40)], calls);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(["add"], server.Requests[0].ToolNames);
        var toolMessage = server.Requests[1].Messages.Single(m => m.Role == "tool");
        Assert.Equal("call_1", toolMessage.ToolCallId);
        Assert.Equal("42", toolMessage.Content);
        var assistant = server.Requests[1].Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal("add", assistant.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(20, response.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task ForRole_ModelKeepsCallingTools_StopsAfterTheBoundAndAsksWithoutTools()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        // A model that never stops asking while tools are offered.
        server.Handler = seen => seen.ToolNames.Count > 0
            ? ScriptedResponse.Tools(new ScriptedToolCall("ping", "{}"))
            : ScriptedResponse.Text("Giving up on tools.");
        using var host = LlmHost.Start(LlmHost.Provider("local", server).With(("Llm:MaxToolRounds", "3")));
        var pings = 0;
        var ping = AIFunctionFactory.Create(() => ++pings, "ping");

        var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync([new ChatMessage(ChatRole.User, "loop")], new ChatOptions { Tools = [ping] }, Ct);

        Assert.Equal("Giving up on tools.", response.Text);
        Assert.Equal(3, pings);
        Assert.Empty(server.Requests[^1].ToolNames);
    }

    [Fact]
    public async Task Streaming_ToolCallArgumentsInFragments_AreReassembled()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Tools(new ScriptedToolCall("lookup", """{"symbol":"Agents.Llm.LlmRole","deep":true}""", "call_9")));
        using var host = LlmHost.Start(LlmHost.Provider("local", server));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Clients.ForRole(LlmRole.Coder).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "find it")], cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("lookup", call.Name);
        Assert.Equal("Agents.Llm.LlmRole", ((JsonElement)call.Arguments!["symbol"]!).GetString());
        Assert.True(((JsonElement)call.Arguments["deep"]!).GetBoolean());
    }
}
