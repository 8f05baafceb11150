using System.Globalization;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agents.Pipeline.Apis;

/// <summary>
/// <c>GET /api/workflow/{id}/events</c>: Server-Sent Events. Replays the run's stored events (after <c>Last-Event-ID</c>,
/// so a reconnecting EventSource resumes), then streams new ones; ends after the run's final event. The events come
/// from this process's <see cref="IPipelineEventFeed"/>: the pipeline's own store where runs execute, the events
/// received from the orchestrator in the gateway's distributed mode.
/// </summary>
public static class WorkflowEventsApi
{
    // Readers also wake on this period to pick up events written by another process and to notice a run that ended.
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Maps <c>GET {id}/events</c> on a <c>/api/workflow</c> group, for every host that streams events. The handler is
    /// mapped here, in its own assembly: a method group from another assembly crashes the route handler analyzer.
    /// </summary>
    public static RouteHandlerBuilder MapWorkflowEvents(this RouteGroupBuilder api) => api.MapGet("/{id}/events", StreamAsync);

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        string id, HttpContext context, IPipelineRunStatus runs, IPipelineEventFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(feed);
        if (WorkflowApi.Unavailable(runs) is { } unavailable)
        {
            return unavailable;
        }
        if (!await runs.ExistsAsync(id, cancellationToken))
        {
            return WorkflowApi.NotFound(id);
        }
        var after = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            var finishedChecks = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                // Subscribe before reading, so an event published between the read and the wait still wakes us.
                var wake = feed.WaitAsync(id, s_poll, cancellationToken);
                var events = await feed.ReadAsync(id, after, cancellationToken);
                foreach (var stored in events)
                {
                    var json = JsonSerializer.Serialize(stored.Event, AgentsJsonContext.Default.PipelineEvent);
                    await context.Response.WriteAsync(
                        string.Create(CultureInfo.InvariantCulture, $"id: {stored.Sequence}\nevent: {stored.Event.Type}\ndata: {json}\n\n"), Encoding.UTF8, cancellationToken);
                    after = stored.Sequence;
                    if (stored.Event.IsFinal)
                    {
                        await context.Response.Body.FlushAsync(cancellationToken);
                        return TypedResults.Empty;
                    }
                }
                await context.Response.Body.FlushAsync(cancellationToken);
                if (events.Count == 0 && await runs.IsFinishedAsync(id, cancellationToken) && ++finishedChecks > 1)
                {
                    // Ended without a final event (e.g. the runtime failed it): one more read above, then stop.
                    return TypedResults.Empty;
                }
                if (events.Count == 0)
                {
                    await wake;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        return TypedResults.Empty;
    }
}
