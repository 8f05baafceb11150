using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Distributed.Tests;

/// <summary>
/// The gateway's side of Dapr pub/sub, driven by posting what a sidecar would: the subscription list, structured
/// CloudEvents, bare events, redeliveries and garbage; what arrives is streamed with replay.
/// </summary>
public sealed class SubscriptionTests
{
    private const string Route = "/dapr/events/pipeline";

    [Fact]
    public async Task Subscribe_ListsThePipelineEventsTopicAndItsRoute()
    {
        await using var gateway = await StartGatewayAsync();

        var json = await gateway.Process.Http.GetStringAsync("/dapr/subscribe", TestContext.Current.CancellationToken);

        // daprd reads these names case-insensitively ("pubsubname", Dapr.AspNetCore writes "pubsubName") and roots the route.
        var subscription = Assert.Single(JsonSerializer.Deserialize<List<Dictionary<string, string>>>(json)!);
        var fields = new Dictionary<string, string>(subscription, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("pubsub", fields["pubsubname"]);
        Assert.Equal("pipeline-events", fields["topic"]);
        Assert.Equal(Route, "/" + fields["route"].TrimStart('/'));
    }

    [Fact]
    public async Task Delivery_WithAnAppTokenConfigured_NeedsDaprsTokenHeader()
    {
        const string token = "app-token-0123456789";
        await using var gateway = await StartGatewayAsync(new() { ["APP_API_TOKEN"] = token });
        var run = Guid.NewGuid().ToString("N");
        var body = CloudEvent(Event(new StepStartedEvent($"{run}-plan", run, DateTimeOffset.UtcNow, PipelineSteps.Plan, 1)));

        using var anonymous = await PostAsync(gateway, body, "application/cloudevents+json", appToken: null);
        using var wrong = await PostAsync(gateway, body, "application/cloudevents+json", appToken: "not-the-token");
        using var daprd = await PostAsync(gateway, body, "application/cloudevents+json", appToken: token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, daprd.StatusCode);
        Assert.Contains("SUCCESS", await daprd.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_StructuredRawAndRedelivered_AreStreamedOnceInOrderWithReplay()
    {
        await using var gateway = await StartGatewayAsync();
        var run = Guid.NewGuid().ToString("N");
        var started = Event(new PipelineStartedEvent($"{run}-started", run, DateTimeOffset.UtcNow, "python", 3, "none"));
        var step = Event(new StepStartedEvent($"{run}-plan", run, DateTimeOffset.UtcNow, PipelineSteps.Plan, 1));
        var completed = Event(new PipelineCompletedEvent($"{run}-done", run, DateTimeOffset.UtcNow, 1, 0.9, new UsageTotals(3, 300, 150, 0m)));

        Assert.Equal("SUCCESS", await DeliverAsync(gateway, CloudEvent(started), "application/cloudevents+json"));
        Assert.Equal("SUCCESS", await DeliverAsync(gateway, step.ToJsonString(), "application/json"));
        Assert.Equal("SUCCESS", await DeliverAsync(gateway, CloudEvent(started), "application/cloudevents+json"));
        Assert.Equal("SUCCESS", await DeliverAsync(gateway, CloudEvent(completed), "application/cloudevents+json"));
        var all = await EventStream.ReadAsync(gateway.Process.Address, run, diagnostics: () => gateway.Process.Process.Output);
        var resumed = await EventStream.ReadAsync(gateway.Process.Address, run, lastEventId: all[0].Sequence);

        Assert.Equal(["PipelineStarted", "StepStarted", "PipelineCompleted"], all.Select(e => e.Type));
        Assert.Equal([$"{run}-started", $"{run}-plan", $"{run}-done"], all.Select(e => e.Id));
        Assert.Equal(PipelineSteps.Plan, all[1].Step);
        Assert.Equal(["StepStarted", "PipelineCompleted"], resumed.Select(e => e.Type));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"specversion":"1.0","id":"x","data":{"type":"NoSuchEvent","id":"a","runId":"r"}}""")]
    [InlineData("""{"specversion":"1.0","id":"x"}""")]
    [InlineData("""{"type":"StepStarted","id":"a","runId":"../escape","timestamp":"2026-01-01T00:00:00Z","step":"plan","attempt":1}""")]
    public async Task Delivery_OfSomethingThatIsNotAPipelineEvent_IsDropped(string body)
    {
        await using var gateway = await StartGatewayAsync();

        Assert.Equal("DROP", await DeliverAsync(gateway, body, "application/cloudevents+json"));
    }

    [Fact]
    public async Task WorkflowApi_WhenTheOrchestratorIsUnreachable_Answers503()
    {
        await using var gateway = await StartGatewayAsync();

        using var response = await gateway.Process.Http.GetAsync("/api/workflow/some-run", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("orchestrator", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Events_ForARunNeitherReceivedNorKnown_Answers404()
    {
        await using var gateway = await StartGatewayAsync();

        using var response = await gateway.Process.Http.GetAsync($"/api/workflow/{Guid.NewGuid():N}/events", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static JsonNode Event(PipelineEvent pipelineEvent) =>
        JsonSerializer.SerializeToNode(pipelineEvent, AgentsJsonContext.Default.PipelineEvent)!;

    private static string CloudEvent(JsonNode data) => new JsonObject
    {
        ["specversion"] = "1.0",
        // A redelivery may carry a new envelope id; the event's own id is what identifies it.
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "orchestrator",
        ["type"] = "com.dapr.event.sent",
        ["datacontenttype"] = "application/json",
        ["pubsubname"] = "pubsub",
        ["topic"] = "pipeline-events",
        ["data"] = data.DeepClone(),
    }.ToJsonString();

    private static async Task<string?> DeliverAsync(GatewayProcess gateway, string body, string contentType)
    {
        using var response = await PostAsync(gateway, body, contentType, appToken: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return answer.RootElement.GetProperty("status").GetString();
    }

    private static async Task<HttpResponseMessage> PostAsync(GatewayProcess gateway, string body, string contentType, string? appToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (appToken is not null)
        {
            // The header daprd sends its app token in.
            request.Headers.Add("dapr-api-token", appToken);
        }
        return await gateway.Process.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    // Distributed without a sidecar; nothing listens at the orchestrator URL (port 9 is "discard").
    private static async Task<GatewayProcess> StartGatewayAsync(Dictionary<string, string?>? environment = null)
    {
        var data = TempDirectories.Create("agents-gateway-");
        var settings = new Dictionary<string, string?>(environment ?? [])
        {
            ["Gateway__Mode"] = "distributed",
            ["services__orchestrator__http__0"] = "http://127.0.0.1:9",
            ["Pipeline__DataDirectory"] = data,
        };
        var process = await ServiceProcess.StartAsync("Agents.Gateway", settings);
        return new GatewayProcess(process, data);
    }

    private sealed record GatewayProcess(ServiceProcess Process, string DataDirectory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
