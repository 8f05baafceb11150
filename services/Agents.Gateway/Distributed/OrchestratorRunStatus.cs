using System.Net;
using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Pipeline;
using Agents.Pipeline.Apis;
using Agents.Pipeline.Events;
using Polly;

namespace Agents.Gateway.Distributed;

/// <summary>
/// The event stream's questions answered in the distributed mode: a run exists when events for it were received or
/// the orchestrator knows it; it has ended when the orchestrator says so. An unreachable orchestrator means "not
/// ended yet", so a stream keeps serving the events that arrive.
/// </summary>
internal sealed class OrchestratorRunStatus(OrchestratorClient orchestrator, IPipelineEventFeed feed) : IPipelineRunStatus
{
    private static readonly HashSet<string> s_ended = new(StringComparer.Ordinal) { PipelineStatuses.Completed, PipelineStatuses.Failed, PipelineStatuses.Terminated };

    public string? Problem => null;

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        if ((await feed.ReadAsync(id, 0, cancellationToken)).Count > 0)
        {
            return true;
        }
        return await GetAsync(id, cancellationToken) is not null;
    }

    public async Task<bool> IsFinishedAsync(string id, CancellationToken cancellationToken) =>
        await GetAsync(id, cancellationToken) is { } run && s_ended.Contains(run.Status);

    private async Task<PipelineRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{WorkflowApi.RoutePrefix}/{Uri.EscapeDataString(id)}");
            using var response = await orchestrator.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineRun, cancellationToken)
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
