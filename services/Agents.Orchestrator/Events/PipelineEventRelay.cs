using Agents.Pipeline.Events;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Sends the stored events, in order, through <paramref name="sender"/>: with a sidecar, Dapr pub/sub
/// (<see cref="DaprPipelineEventSender"/>); without one, the gateway's subscription route itself
/// (<see cref="GatewayPipelineEventSender"/>). The events come from the outbox in PostgreSQL, not from memory, so what a
/// killed process stored but had not sent is sent by the next one. A failure is logged and retried with a growing
/// delay, so an outage delays progress events but never fails a run. Delivery is at least once (a crash between send
/// and mark sends again); subscribers drop duplicates by id.
/// </summary>
internal sealed partial class PipelineEventRelay(IPipelineEventSender sender, PipelineEventOutbox outbox, TimeProvider time, ILogger<PipelineEventRelay> log)
    : BackgroundService
{
    private const int BatchSize = 20;

    // Woken by this process's own events; the poll picks up what a predecessor left or another replica stored.
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                switch (await RelayBatchAsync(stoppingToken))
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

    private async Task<OutboxBatchResult> RelayBatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await outbox.RelayBatchAsync(TrySendAsync, BatchSize, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogOutboxUnavailable(log, ex);
            return OutboxBatchResult.SendFailed;
        }
    }

    private async Task<bool> TrySendAsync(OutboxEvent pending, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(pending, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable, refused or timed out (HTTP, gRPC to the sidecar, the resilience handler): kept, sent later.
            LogFailed(log, sender.Target, pending.Id, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send event {EventId} to {Target}; retrying.")]
    private static partial void LogFailed(ILogger logger, string target, string eventId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event outbox (PostgreSQL) is unavailable; retrying.")]
    private static partial void LogOutboxUnavailable(ILogger logger, Exception exception);
}
