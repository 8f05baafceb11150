using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing.OpenAi;

namespace Agents.Llm.Tests.Gateway;

/// <summary><c>POST /api/chat</c> and <c>GET /api/providers</c> on a real gateway process.</summary>
public sealed class ChatApiTests(GatewayWithLlmFixture fixture) : IClassFixture<GatewayWithLlmFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostChat_ReturnsResponseModelProviderAndUsage()
    {
        var marker = Guid.NewGuid().ToString("N");
        fixture.Llm.EnqueueForModel("test-model", ScriptedResponse.Text("Hi from the model " + marker, promptTokens: 21, completionTokens: 6));

        var response = await fixture.Gateway.Http.PostAsJsonAsync("/api/chat",
            new ChatRequest([new ChatRequestMessage("user", "hello " + marker)]), AgentsJsonContext.Default.ChatRequest, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.ChatReply, Ct);
        Assert.Equal("Hi from the model " + marker, reply?.Response);
        Assert.Equal("test-model", reply?.Model);
        Assert.Equal("scripted", reply?.Provider);
        Assert.Equal(new ChatUsage(21, 6, 0m), reply?.Usage);
        Assert.Contains(fixture.Llm.Requests, r => r.LastUserMessage == "hello " + marker);
    }

    [Fact]
    public async Task PostChat_WithStream_SendsServerSentEventsOfDeltasThenDone()
    {
        var marker = Guid.NewGuid().ToString("N");
        fixture.Llm.EnqueueForModel("test-model", ScriptedResponse.Text("streamed answer " + marker, promptTokens: 5, completionTokens: 9));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = JsonContent.Create(new ChatRequest([new ChatRequestMessage("user", "stream " + marker)], Stream: true), AgentsJsonContext.Default.ChatRequest),
        };
        using var response = await fixture.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync(Ct));
        var deltas = events.Where(e => e.Name == "delta").Select(e => JsonSerializer.Deserialize(e.Data, AgentsJsonContext.Default.ChatStreamDelta)!.Delta).ToList();
        Assert.True(deltas.Count > 3);
        Assert.Equal("streamed answer " + marker, string.Concat(deltas));
        var done = JsonSerializer.Deserialize(events[^1].Data, AgentsJsonContext.Default.ChatStreamCompleted);
        Assert.Equal("done", events[^1].Name);
        Assert.Equal("scripted", done?.Provider);
        Assert.Equal(new ChatUsage(5, 9, 0m), done?.Usage);
    }

    [Fact]
    public async Task PostChat_WithStream_ProviderDropsMidStream_EndsWithAnErrorEventNamingTheProvider()
    {
        var marker = Guid.NewGuid().ToString("N");
        fixture.Llm.EnqueueForModel("test-model", ScriptedResponse.DropMidStream("a reply that never ends " + marker));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = JsonContent.Create(new ChatRequest([new ChatRequestMessage("user", "drop " + marker)], Stream: true), AgentsJsonContext.Default.ChatRequest),
        };
        using var response = await fixture.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var head = "";
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            head += line + "\n";
            if (line == "event: delta")
            {
                break;
            }
        }
        fixture.Llm.DropStreams();
        var events = ParseEvents(head + await reader.ReadToEndAsync(Ct));
        Assert.Contains(events, e => e.Name == "delta");
        Assert.Equal("error", events[^1].Name);
        Assert.Contains("Provider 'scripted'", JsonSerializer.Deserialize(events[^1].Data, AgentsJsonContext.Default.ChatStreamFailed)!.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"model":"test-model"}""", "messages")]
    [InlineData("""{"messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"role":"architect"}""", "role")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"model":"nobody/unknown"}""", "model")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream")]
    [InlineData("""not json""", "body")]
    public async Task PostChat_BadRequest_Returns400ProblemDetailsNamingTheField(string body, string field)
    {
        var before = fixture.Llm.Requests.Count;

        var response = await fixture.Gateway.Http.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await AssertProblemAsync(response, field);
        Assert.Equal(before, fixture.Llm.Requests.Count);
    }

    [Fact]
    public async Task PostChat_OversizedBody_Returns413ProblemDetailsNamingTheBody()
    {
        var huge = new string('x', GatewayWithLlmFixture.MaxChatRequestBytes * 2);
        var body = JsonSerializer.Serialize(new ChatRequest([new ChatRequestMessage("user", huge)]), AgentsJsonContext.Default.ChatRequest);

        var response = await fixture.Gateway.Http.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await AssertProblemAsync(response, "body", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task GetProviders_ListsTheProviderReachableWithCircuitAndUsage()
    {
        var providers = await fixture.Gateway.Http.GetFromJsonAsync("/api/providers", AgentsJsonContext.Default.ProviderList, Ct);

        var provider = Assert.Single(providers!.Providers);
        Assert.Equal("scripted", provider.Name);
        Assert.Equal("openai-compatible", provider.Preset);
        Assert.Equal(fixture.Llm.Endpoint + "/", provider.Endpoint);
        Assert.Equal(["test-model"], provider.Models);
        Assert.True(provider.Reachable);
        Assert.Equal("closed", provider.Circuit);
        Assert.True(provider.Usage.Requests >= 0);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"the problem should name '{field}': {problem.RootElement}");
    }

    private static List<(string Name, string Data)> ParseEvents(string text) =>
        [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            return (lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                    lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]);
        })];
}
