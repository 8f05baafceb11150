using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Agents.Contracts;
using Agents.Pipeline.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Agents.Pipeline.Apis;

/// <summary>
/// <c>GET /api/workflow/{id}/events</c>: Server-Sent Events. Replays the run's stored events (after <c>Last-Event-ID</c>,
/// so a reconnecting EventSource resumes), then streams new ones; ends after the run's final event. The events come
/// from this process's <see cref="IPipelineEventFeed"/>: the pipeline's own store where runs execute, the events
/// received from the orchestrator in the gateway's distributed mode.
/// </summary>
public static class WorkflowEventsApi
{
    /// <summary>Marks the one endpoint whose API key may come as <c>?access_token=</c> (a browser's EventSource sends no headers).</summary>
    public static readonly AccessTokenInQuery AccessTokenInQuery = new();

    /// <summary>Maps <c>GET {id}/events</c> on a <c>/api/workflow</c> group, for every host that streams events.</summary>
    public static RouteHandlerBuilder MapWorkflowEvents(this RouteGroupBuilder api) =>
        api.MapGet("/{id}/events", StreamAsync).WithName("StreamPipelineEvents")
            .WithMetadata(AccessTokenInQuery).RequireRateLimiting(ApiRateLimits.RunReads).ProducesProblems(StatusCodes.Status404NotFound);

    public static async Task<Results<ServerSentEventsResult<PipelineEvent>, ProblemHttpResult>> StreamAsync(
        string id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, IPipelineRunStatus runs, IPipelineEventFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(feed);
        if (!await runs.ExistsAsync(id, cancellationToken))
        {
            return WorkflowApi.NotFound(id);
        }
        return TypedResults.ServerSentEvents(ReadAsync(id, PipelineEventStream.After(lastEventId), runs, feed, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<PipelineEvent>> ReadAsync(
        string id, long after, IPipelineRunStatus runs, IPipelineEventFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in PipelineEventStream.ReadAsync(id, after, runs, feed, cancellationToken))
        {
            yield return new SseItem<PipelineEvent>(stored.Event, stored.Event.Type) { EventId = stored.Sequence.ToString(CultureInfo.InvariantCulture) };
        }
    }
}

/// <summary>Endpoint metadata: the API key may be sent as <c>?access_token=</c> on this endpoint.</summary>
public sealed class AccessTokenInQuery;
