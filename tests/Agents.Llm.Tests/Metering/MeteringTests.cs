using System.Diagnostics;
using System.Diagnostics.Metrics;
using Agents.Llm.Telemetry;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Tests.Metering;

public sealed class MeteringTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Usage_IsMeteredPerRunPerRoleAndPricedFromTheTable()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(
            ScriptedResponse.Text("plan", promptTokens: 1000, completionTokens: 500),
            ScriptedResponse.Text("code", promptTokens: 2000, completionTokens: 1000),
            ScriptedResponse.Text("other run", promptTokens: 1, completionTokens: 1));
        using var host = LlmHost.Start(LlmHost.Provider("local", server).With(
            ("Llm:Prices:0:Model", "test-model"), ("Llm:Prices:0:InputPerMillion", "2"), ("Llm:Prices:0:OutputPerMillion", "10")));
        List<ChatMessage> ask = [new ChatMessage(ChatRole.User, "go")];

        var planned = await host.Clients.ForRole(LlmRole.Planner, "run-a").GetResponseAsync(ask, cancellationToken: Ct);
        await host.Clients.ForRole(LlmRole.Coder, "run-a").GetResponseAsync(ask, cancellationToken: Ct);
        await host.Clients.ForRole(LlmRole.Coder, "run-b").GetResponseAsync(ask, cancellationToken: Ct);

        var run = host.Clients.Usage.ForRun("run-a");
        Assert.Equal(2, run.Total.Requests);
        Assert.Equal(3000, run.Total.InputTokens);
        Assert.Equal(1500, run.Total.OutputTokens);
        // 1000 × 2/1M + 500 × 10/1M = 0.007; 2000 × 2/1M + 1000 × 10/1M = 0.014.
        Assert.Equal(0.007m, run.ByRole[LlmRole.Planner].CostUsd);
        Assert.Equal(0.014m, run.ByRole[LlmRole.Coder].CostUsd);
        Assert.Equal(0.021m, run.Total.CostUsd);
        Assert.Equal(0.007m, planned.AdditionalProperties?[Agents.Llm.Routing.LlmMetadata.CostUsd]);
        Assert.Equal(3, host.Clients.Usage.ForProvider("local").Requests);
    }

    [Fact]
    public async Task Calls_EmitGenAiSpansAndTokenMetrics()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        var model = "telemetry-" + Guid.NewGuid().ToString("N");
        server.Enqueue(ScriptedResponse.Text("traced", promptTokens: 11, completionTokens: 4));
        using var host = LlmHost.Start(LlmHost.Provider("local", server, model: model));
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == LlmTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (spans)
                {
                    spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        var tokens = new List<(long Value, string? Type)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LlmTelemetry.SourceName && instrument.Name == LlmTelemetry.TokenUsageMetric)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Measured(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = tags.ToArray();
            if (all.Any(t => t.Key == "gen_ai.request.model" && (string?)t.Value == model))
            {
                lock (tokens)
                {
                    tokens.Add((value, all.Single(t => t.Key == "gen_ai.token.type").Value as string));
                }
            }
        }
        // The instrument's number type is the library's choice; either is read.
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) => Measured(value, tags));
        meters.SetMeasurementEventCallback<int>((_, value, tags, _) => Measured(value, tags));
        meters.Start();

        await host.Clients.ForRole(LlmRole.TestDesigner).GetResponseAsync([new ChatMessage(ChatRole.User, "trace me")], cancellationToken: Ct);

        Activity span;
        lock (spans)
        {
            span = spans.Single(s => (string?)s.GetTagItem("gen_ai.request.model") == model);
        }
        Assert.Equal($"chat {model}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(11L, Convert.ToInt64(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4L, Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("TestDesigner", span.GetTagItem("agents.llm.role"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string s && s.Contains("Bearer", StringComparison.Ordinal));
        lock (tokens)
        {
            Assert.Contains((11L, "input"), tokens);
            Assert.Contains((4L, "output"), tokens);
        }
    }
}
