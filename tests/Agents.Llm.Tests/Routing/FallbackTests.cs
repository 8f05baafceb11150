using Agents.Llm.Providers;
using Agents.Llm.Routing;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Tests.Routing;

/// <summary>The router: retries honouring Retry-After, fallback on 5xx / timeout / connection failure, circuit breaking.</summary>
public sealed class FallbackTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<ChatMessage> Ask => [new ChatMessage(ChatRole.User, "hello")];

    [Fact]
    public async Task RateLimited_WithRetryAfter_WaitsThatLongThenRetriesTheSameProvider()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.RateLimited(TimeSpan.FromSeconds(7)), ScriptedResponse.Text("after the wait"));
        var time = new WatchedTimeProvider();
        using var host = LlmHost.Start(LlmHost.Provider("local", server, maxRetries: 2), time);

        var call = host.Clients.ForRole(LlmRole.Coder).GetResponseAsync(Ask, cancellationToken: Ct);
        // The retry waits exactly the 7 s the provider asked for (the configured backoff would be about 1 s).
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7), s_wait);

        Assert.False(call.IsCompleted);
        Assert.Single(server.Requests);
        time.Advance(TimeSpan.FromSeconds(7));
        var response = await call.WaitAsync(s_wait, Ct);

        Assert.Equal("after the wait", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task RateLimited_RetryAfterBeyondTheLimit_FallsBackWithoutWaiting()
    {
        await using var first = await OpenAiTestServer.StartAsync(Ct);
        await using var second = await OpenAiTestServer.StartAsync(Ct);
        first.Enqueue(ScriptedResponse.RateLimited(TimeSpan.FromSeconds(3600)));
        second.Enqueue(ScriptedResponse.Text("from second"));
        using var host = LlmHost.Start(
            LlmHost.Provider("first", first, maxRetries: 3).With(LlmHost.Provider("second", second)).With(("Llm:Default:0", "first"), ("Llm:Default:1", "second")),
            new WatchedTimeProvider());

        var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync(Ask, cancellationToken: Ct);

        Assert.Equal("from second", response.Text);
        Assert.Single(first.Requests);
    }

    [Fact]
    public async Task ServerError_FallsBackToTheSecondProvider()
    {
        await using var first = await OpenAiTestServer.StartAsync(Ct);
        await using var second = await OpenAiTestServer.StartAsync(Ct);
        first.Handler = _ => ScriptedResponse.Status(500);
        second.Enqueue(ScriptedResponse.Text("second answers", model: "backup-model"));
        using var host = LlmHost.Start(
            LlmHost.Provider("primary", first).With(LlmHost.Provider("backup", second, model: "backup-model"))
                .With(("Llm:Default:0", "backup"), ("Llm:Roles:Coder:0", "primary/test-model"), ("Llm:Roles:Coder:1", "backup/backup-model")));

        var response = await host.Clients.ForRole(LlmRole.Coder, runId: "run-1").GetResponseAsync(Ask, cancellationToken: Ct);

        Assert.Equal("second answers", response.Text);
        Assert.Equal("backup", response.AdditionalProperties?[LlmMetadata.Provider]);
        Assert.Single(first.Requests);
        Assert.Equal("backup-model", Assert.Single(second.Requests).Model);
        Assert.Equal(1, host.Clients.Usage.ForRun("run-1").ByRole[LlmRole.Coder].Requests);
    }

    [Fact]
    public async Task ServerError_RetriedOnTheSameProviderBeforeFallingBack()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Status(503), ScriptedResponse.Text("recovered"));
        using var host = LlmHost.Start(LlmHost.Provider("local", server, maxRetries: 1).With(("Llm:Providers:local:RetryBaseDelaySeconds", "0")));

        var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync(Ask, cancellationToken: Ct);

        Assert.Equal("recovered", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task HungEndpoint_TimesOutAndTheErrorNamesTheProvider()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Handler = _ => ScriptedResponse.Hang();
        using var host = LlmHost.Start(LlmHost.Provider("sleepy", server, timeoutSeconds: 1));

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => host.Clients.ForRole(LlmRole.Reviewer).GetResponseAsync(Ask, cancellationToken: Ct));

        var failure = Assert.IsType<LlmProviderException>(Assert.Single(error.Failures));
        Assert.Equal(LlmFailureKind.Timeout, failure.Kind);
        Assert.Contains("'sleepy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HungEndpoint_FallsBackToTheNextProviderAfterItsTimeout()
    {
        await using var hung = await OpenAiTestServer.StartAsync(Ct);
        await using var healthy = await OpenAiTestServer.StartAsync(Ct);
        hung.Handler = _ => ScriptedResponse.Hang();
        healthy.Enqueue(ScriptedResponse.Text("I am awake"));
        using var host = LlmHost.Start(
            LlmHost.Provider("hung", hung, timeoutSeconds: 1).With(LlmHost.Provider("healthy", healthy)).With(("Llm:Default:0", "hung"), ("Llm:Default:1", "healthy")));

        var response = await host.Clients.ForRole(LlmRole.Default).GetResponseAsync(Ask, cancellationToken: Ct);

        Assert.Equal("I am awake", response.Text);
        // Not retried on the hung provider. On a loaded machine the 1 s timeout can lapse before the server
        // records the request at all, so "at most once" is what this can assert without timing.
        Assert.InRange(hung.Requests.Count, 0, 1);
    }

    [Fact]
    public async Task UnreachableEndpoint_ErrorNamesTheProviderAndItsEndpoint()
    {
        var server = await OpenAiTestServer.StartAsync(Ct);
        var endpoint = server.Endpoint;
        var settings = LlmHost.Provider("gone", server);
        await server.DisposeAsync();
        using var host = LlmHost.Start(settings);

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => host.Clients.ForRole(LlmRole.Coder).GetResponseAsync(Ask, cancellationToken: Ct));

        Assert.Equal(LlmFailureKind.Unreachable, Assert.IsType<LlmProviderException>(Assert.Single(error.Failures)).Kind);
        Assert.Contains("Provider 'gone'", error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.False(await host.Clients.IsReachableAsync("gone", Ct));
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterRepeatedFailures_AndTheProviderIsSkipped()
    {
        await using var failing = await OpenAiTestServer.StartAsync(Ct);
        await using var backup = await OpenAiTestServer.StartAsync(Ct);
        failing.Handler = _ => ScriptedResponse.Status(502);
        backup.Handler = _ => ScriptedResponse.Text("backup");
        using var host = LlmHost.Start(
            LlmHost.Provider("failing", failing).With(LlmHost.Provider("backup", backup))
                .With(("Llm:Default:0", "failing"), ("Llm:Default:1", "backup"), ("Llm:Providers:failing:CircuitMinimumThroughput", "2")),
            new WatchedTimeProvider());
        var client = host.Clients.ForRole(LlmRole.Default);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("backup", (await client.GetResponseAsync(Ask, cancellationToken: Ct)).Text);
        }

        Assert.Equal(2, failing.Requests.Count);
        Assert.Equal(4, backup.Requests.Count);
        Assert.Equal("open", host.Clients.Providers.Single(p => p.Name == "failing").CircuitState);
        // With the backup gone too, the error names what opened the circuit, not only that it is open.
        backup.Handler = _ => ScriptedResponse.Status(503);
        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => client.GetResponseAsync(Ask, cancellationToken: Ct));
        Assert.Contains("circuit is open", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered 502", error.Message, StringComparison.Ordinal);
        Assert.Equal("closed", host.Clients.Providers.Single(p => p.Name == "backup").CircuitState);
    }

    [Fact]
    public async Task Streaming_FirstProviderFails_StreamsFromTheSecond()
    {
        await using var first = await OpenAiTestServer.StartAsync(Ct);
        await using var second = await OpenAiTestServer.StartAsync(Ct);
        first.Handler = _ => ScriptedResponse.Status(500);
        second.Enqueue(ScriptedResponse.Text("streamed by the second"));
        using var host = LlmHost.Start(LlmHost.Provider("a", first).With(LlmHost.Provider("b", second)).With(("Llm:Default:0", "a"), ("Llm:Default:1", "b")));

        var text = "";
        await foreach (var update in host.Clients.ForRole(LlmRole.Default).GetStreamingResponseAsync(Ask, cancellationToken: Ct))
        {
            text += update.Text;
        }

        Assert.Equal("streamed by the second", text);
        Assert.True(Assert.Single(first.Requests).Stream);
    }

    [Fact]
    public async Task Streaming_DroppedAfterTheFirstChunks_FailsNamingTheProvider_WithoutFallingBack()
    {
        await using var first = await OpenAiTestServer.StartAsync(Ct);
        await using var second = await OpenAiTestServer.StartAsync(Ct);
        first.Enqueue(ScriptedResponse.DropMidStream("This answer is cut off half-way through."));
        second.Handler = _ => ScriptedResponse.Text("must not be asked");
        using var host = LlmHost.Start(LlmHost.Provider("a", first).With(LlmHost.Provider("b", second)).With(("Llm:Default:0", "a"), ("Llm:Default:1", "b")));

        var text = "";
        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var update in host.Clients.ForRole(LlmRole.Default).GetStreamingResponseAsync(Ask, cancellationToken: Ct))
            {
                text += update.Text;
                first.DropStreams();
            }
        });

        // What was streamed stays streamed; the failure is the provider's, and nobody else is asked half-way.
        Assert.StartsWith("This", text, StringComparison.Ordinal);
        Assert.Equal(LlmFailureKind.Unreachable, error.Kind);
        Assert.Contains("Provider 'a'", error.Message, StringComparison.Ordinal);
        Assert.Empty(second.Requests);
    }
}
