using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Agents.Contracts;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Sends events, one at a time in order, as JSON to <paramref name="target"/>: the sidecar's
/// <c>POST /v1.0/publish/pubsub/pipeline-events</c> (daprd wraps each in a CloudEvent for the subscribers), or without
/// a sidecar the gateway's subscription route itself (<c>Orchestrator:GatewayEventsUrl</c>). A failure is logged and
/// retried with a growing delay, so an outage delays progress events but never fails a run. Delivery is at least
/// once: an activity re-run after a crash publishes its event again, and subscribers drop duplicates by id.
/// </summary>
internal sealed partial class RemoteEventQueue(Uri target, IHttpClientFactory clients, TimeProvider time, ILogger<RemoteEventQueue> log) : BackgroundService
{
    public const string ClientName = "pipeline-events";
    public const string PublishPath = "/v1.0/publish/" + ServiceNames.PubSub + "/" + ServiceNames.PipelineEventsTopic;

    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly Channel<PipelineEvent> _pending = Channel.CreateUnbounded<PipelineEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(PipelineEvent pipelineEvent) => _pending.Writer.TryWrite(pipelineEvent);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = clients.CreateClient(ClientName);
        try
        {
            await foreach (var pipelineEvent in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(pipelineEvent, AgentsJsonContext.Default.PipelineEvent);
                for (var attempt = 1; !await TryPublishAsync(http, pipelineEvent, body, attempt, stoppingToken); attempt++)
                {
                    var delay = TimeSpan.FromTicks(Math.Min(s_maxDelay.Ticks, s_firstDelay.Ticks << Math.Min(attempt - 1, 10)));
                    await Task.Delay(delay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; events not yet published are stored here and re-published if their activity re-runs.
        }
    }

    private async Task<bool> TryPublishAsync(HttpClient http, PipelineEvent pipelineEvent, byte[] body, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = s_json;
            using var response = await http.PostAsync(target, content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            LogRejected(log, target, pipelineEvent.Id, (int)response.StatusCode, attempt);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(log, target, pipelineEvent.Id, attempt, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} refused event {EventId} with {StatusCode} (attempt {Attempt}); retrying.")]
    private static partial void LogRejected(ILogger logger, Uri target, string eventId, int statusCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send event {EventId} to {Target} (attempt {Attempt}); retrying.")]
    private static partial void LogFailed(ILogger logger, Uri target, string eventId, int attempt, Exception exception);
}
