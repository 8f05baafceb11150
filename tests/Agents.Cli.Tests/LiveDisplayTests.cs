using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Cli.Tests;

/// <summary>`agents run` in a real terminal (tmux): the live display, and Ctrl+C terminating the run on the server.</summary>
public sealed class LiveDisplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CtrlC_DuringARun_AsksAndTerminatesTheRunOnTheServer()
    {
        Assert.True(Tmux.IsInstalled, "tmux is not installed (test.sh installs it).");
        await using var gateway = await CliGateway.StartAsync();
        // The tests sleep long enough for the verify step to still be running when Ctrl+C arrives.
        PipelineScripts.PassFirstTime(gateway.Llm, testPauseSeconds: 60);
        var profile = Path.Combine(TempDirectories.Create("agents-cli-profile-"), "profile.json");
        await using var tmux = new Tmux();

        await tmux.StartAsync($"env AGENTS_PROFILE={profile} dotnet {TestPaths.ProjectOutput("Agents.Cli", "tools")} run '{PipelineScripts.Requirements}' --lang python --gateway {gateway.Url} --out {TempDirectories.Create("agents-cli-out-")}");
        await gateway.Llm.WaitForRequestsAsync(3, Cli.Timeout);
        var runs = await gateway.Process.Http.GetFromJsonAsync("/api/workflow/", AgentsJsonContext.Default.PipelineRunPage, Ct);
        var id = Assert.Single(runs!.Runs).Id;
        await WaitForEventAsync(gateway, id, e => e is StepStartedEvent { Step: PipelineSteps.Verify });
        await tmux.SendKeysAsync("C-c");
        await tmux.SendKeysAsync("y", "Enter");
        await WaitForEventAsync(gateway, id, e => e is PipelineTerminatedEvent);
        await tmux.WaitForExitAsync();
        var screen = await tmux.ScreenAsync();

        Assert.Contains("✓ code", screen, StringComparison.Ordinal);
        Assert.Contains($"Terminate run {id} on the server?", screen, StringComparison.Ordinal);
        Assert.Contains($"Run {id} terminated.", screen, StringComparison.Ordinal);
        Assert.Contains("exit=1", screen, StringComparison.Ordinal);
        var run = await gateway.Process.Http.GetFromJsonAsync($"/api/workflow/{id}", AgentsJsonContext.Default.PipelineRun, Ct);
        Assert.Equal(PipelineStatuses.Terminated, run!.Status);
    }

    private static async Task WaitForEventAsync(CliGateway gateway, string id, Func<PipelineEvent, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Cli.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workflow/{id}/events");
        using var response = await gateway.Process.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            if (System.Text.Json.JsonSerializer.Deserialize(item.Data, AgentsJsonContext.Default.PipelineEvent) is { } received && match(received))
            {
                return;
            }
        }
        Assert.Fail($"The run's event stream ended before the expected event.");
    }
}
