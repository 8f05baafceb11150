using System.Net.Http.Headers;
using System.Text;
using Agents.Contracts;
using Agents.Pipeline.Events;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Sends the stored events, in order, as JSON to <paramref name="target"/>: the sidecar's
/// <c>POST /v1.0/publish/pubsub/pipeline-events</c> (daprd wraps each in a CloudEvent for the subscribers), or without
/// a sidecar the gateway's subscription route itself (<c>Orchestrator:GatewayEventsUrl</c>). The events come from the
/// outbox in PostgreSQL, not from memory, so what a killed process stored but had not sent is sent by the next one.
/// A failure is logged and retried with a growing delay, so an outage delays progress events but never fails a run.
/// Delivery is at least once (a crash between send and mark sends again); subscribers drop duplicates by id.
/// </summary>
internal sealed partial class PipelineEventRelay(Uri target, PipelineEventOutbox outbox, IHttpClientFactory clients, TimeProvider time, ILogger<PipelineEventRelay> log)
    : BackgroundService
{
    public const string ClientName = "pipeline-events";
    public const string PublishPath = "/v1.0/publish/" + ServiceNames.PubSub + "/" + ServiceNames.PipelineEventsTopic;

    private const int BatchSize = 20;

    // Woken by this process's own events; the poll picks up what a predecessor left or another replica stored.
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = clients.CreateClient(ClientName);
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                switch (await RelayBatchAsync(http, stoppingToken))
                {
                    case OutboxBatchResult.More:
                        failures = 0;
                        break;
                    case OutboxBatchResult.SendFailed:
                        failures++;
                        await Task.Delay(TimeSpan.FromTicks(Math.Min(s_maxDelay.Ticks, s_firstDelay.Ticks << Math.Min(failures - 1, 10))), time, stoppingToken);
                        break;
                    default:
                        failures = 0;
                        await outbox.WaitForStoredAsync(s_poll, time, stoppingToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is not yet sent stays in the outbox for the next process.
        }
    }

    private async Task<OutboxBatchResult> RelayBatchAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            return await outbox.RelayBatchAsync((e, ct) => TrySendAsync(http, e, ct), BatchSize, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogOutboxUnavailable(log, ex);
            return OutboxBatchResult.SendFailed;
        }
    }

    private async Task<bool> TrySendAsync(HttpClient http, OutboxEvent pending, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(pending.Json));
            content.Headers.ContentType = s_json;
            using var response = await http.PostAsync(target, content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            LogRejected(log, target, pending.Id, (int)response.StatusCode);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(log, target, pending.Id, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} refused event {EventId} with {StatusCode}; retrying.")]
    private static partial void LogRejected(ILogger logger, Uri target, string eventId, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send event {EventId} to {Target}; retrying.")]
    private static partial void LogFailed(ILogger logger, Uri target, string eventId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event outbox (PostgreSQL) is unavailable; retrying.")]
    private static partial void LogOutboxUnavailable(ILogger logger, Exception exception);
}
