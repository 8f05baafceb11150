using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing.OpenAi;

namespace Agents.AppHost.Tests;

/// <summary>The gateway's run API as the AppHost tests use it.</summary>
internal static class GatewayRuns
{
    /// <summary>Starts a Python run of <see cref="PipelineScripts.Requirements"/>; returns its id.</summary>
    public static async Task<string> StartPythonRunAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var started = await client.PostAsJsonAsync(
            new Uri("/api/workflow/full-sdlc", UriKind.Relative), new { requirements = PipelineScripts.Requirements, language = "python" }, cancellationToken);
        var body = await started.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"{(int)started.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, AgentsJsonContext.Default.PipelineAccepted)!.Id;
    }

    public static async Task<PipelineRun> GetAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        var run = await client.GetFromJsonAsync(new Uri($"/api/workflow/{id}", UriKind.Relative), AgentsJsonContext.Default.PipelineRun, cancellationToken);
        Assert.NotNull(run);
        return run;
    }

    /// <summary>Reads <c>GET /api/workflow/{id}/events</c> to its end: the gateway closes the stream after the run's final event.</summary>
    public static async Task<string> ReadEventsAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/workflow/{id}/events", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }
}
