using System.Diagnostics;
using Agents.Llm.Telemetry;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Agents.Llm.Tests.Metering;

/// <summary>What an OpenTelemetry exporter receives for one chat call and one tool call: GenAI-convention spans and metrics.</summary>
public sealed class GenAiExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChatAndToolCall_ExportGenAiSpansAndMetrics()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        var model = "export-" + Guid.NewGuid().ToString("N");
        server.Enqueue(
            ScriptedResponse.Tools(new ScriptedToolCall("add", """{"a":1,"b":2}""", "call_7")),
            ScriptedResponse.Text("3", promptTokens: 30, completionTokens: 2));
        using var host = LlmHost.Start(LlmHost.Provider("local", server, model: model));
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(LlmTelemetry.SourceName).AddInMemoryExporter(spans).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(LlmTelemetry.SourceName).AddInMemoryExporter(metrics).Build())
        {
            var add = AIFunctionFactory.Create((int a, int b) => a + b, "add", "Adds two integers.");
            var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync([new ChatMessage(ChatRole.User, "1 + 2?")], new ChatOptions { Tools = [add] }, Ct);
            Assert.Equal("3", response.Text);
            meters!.ForceFlush();
            tracing!.ForceFlush();
        }

        var ours = spans.Where(s => s.TraceId == spans.Single(t => t.DisplayName == "execute_tool add").TraceId).ToList();
        var chats = ours.Where(s => s.DisplayName == $"chat {model}").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, chat =>
        {
            Assert.Equal(ActivityKind.Client, chat.Kind);
            Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
            Assert.Equal(model, chat.GetTagItem("gen_ai.request.model"));
            Assert.Equal("Coder", chat.GetTagItem("agents.llm.role"));
            Assert.Equal("local", chat.GetTagItem("agents.llm.provider"));
        });
        var tool = ours.Single(s => s.DisplayName == "execute_tool add");
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("add", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("call_7", tool.GetTagItem("gen_ai.tool.call.id"));
        Assert.Contains(metrics, m => m.Name == LlmTelemetry.TokenUsageMetric);
        Assert.Contains(metrics, m => m.Name == LlmTelemetry.DurationMetric);
        // Nothing of the conversation is recorded unless sensitive data is switched on.
        Assert.DoesNotContain(ours.SelectMany(s => s.TagObjects), t => t.Value is string s && s.Contains("1 + 2?", StringComparison.Ordinal));
    }
}
