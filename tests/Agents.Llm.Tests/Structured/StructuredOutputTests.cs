using Agents.Llm.Structured;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Tests.Structured;

public sealed class StructuredOutputTests
{
    private const string ValidPlan = """{"summary":"Add a calculator","files":["Calc.cs","CalcTests.cs"],"steps":2}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStructuredAsync_MalformedFirstAnswer_ReasksWithTheErrorAndReturnsTheSecond()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.EnqueueForSchema("plan",
            ScriptedResponse.Text("Sure! Here is the plan: {\"summary\": \"Add a calc"),
            ScriptedResponse.Text("Apologies, corrected:\n```json\n" + ValidPlan + "\n```\nLet me know."));
        using var host = LlmHost.Start(LlmHost.Provider("local", server));

        var result = await host.Clients.ForRole(LlmRole.Planner).GetStructuredResultAsync(
            [new ChatMessage(ChatRole.User, "Plan a calculator.")], "plan", TestJsonContext.Default.TestPlan, maxAttempts: 3, cancellationToken: Ct);

        Assert.Equal(2, result.Attempts);
        Assert.Equal("Add a calculator", result.Value.Summary);
        Assert.Equal(["Calc.cs", "CalcTests.cs"], result.Value.Files);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("json_schema", r.ResponseFormatType);
            Assert.Equal("plan", r.SchemaName);
            Assert.Equal("object", r.Json.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema").GetProperty("type").GetString());
            Assert.True(r.Json.GetProperty("response_format").GetProperty("json_schema").TryGetProperty("strict", out _));
        });
        var reask = server.Requests[1];
        Assert.Contains("no JSON object", reask.LastUserMessage, StringComparison.Ordinal);
        Assert.Contains("'plan'", reask.LastUserMessage, StringComparison.Ordinal);
        Assert.Equal("assistant", reask.Messages[^2].Role);
    }

    [Fact]
    public async Task GetStructuredAsync_AnswerMissingARequiredField_ReasksNamingTheField()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(
            ScriptedResponse.Text("""{"summary":"x","steps":1}"""),
            ScriptedResponse.Text(ValidPlan));
        using var host = LlmHost.Start(LlmHost.Provider("local", server));

        var plan = await host.Clients.ForRole(LlmRole.Planner).GetStructuredAsync(
            [new ChatMessage(ChatRole.User, "Plan.")], "plan", TestJsonContext.Default.TestPlan, cancellationToken: Ct);

        Assert.Equal(2, plan.Steps);
        Assert.Contains("$.files is required", server.Requests[1].LastUserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStructuredAsync_NeverValid_ThrowsAfterMaxAttemptsWithTheLastProblem()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Handler = _ => ScriptedResponse.Text("""{"summary":"x","files":[],"steps":0}""");
        using var host = LlmHost.Start(LlmHost.Provider("local", server));

        var error = await Assert.ThrowsAsync<StructuredOutputException>(() => host.Clients.ForRole(LlmRole.Planner).GetStructuredAsync(
            [new ChatMessage(ChatRole.User, "Plan.")], "plan", TestJsonContext.Default.TestPlan, maxAttempts: 2,
            validate: p => p.Files.Count == 0 ? "files must list at least one file." : null, cancellationToken: Ct));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("files must list at least one file.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":1}""", """{"a":1}""")]
    [InlineData("Here you go:\n```json\n{\"a\":1}\n```", """{"a":1}""")]
    [InlineData("```\n[1,2]\n```", "[1,2]")]
    [InlineData("The answer is {\"a\":\"}{\"} as requested.", """{"a":"}{"}""")]
    [InlineData("no json here", null)]
    [InlineData("{\"a\": 1", null)]
    public void Extract_FindsTheJsonInTheAnswer(string answer, string? expected)
    {
        Assert.Equal(expected, JsonExtractor.Extract(answer));
    }
}
