using Dapr.DurableTask.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Agents.Workflows.Backend;

/// <summary>
/// Sharing a store with other backend processes: the tick that renews this process's lease, takes over the
/// instances of processes that are gone and applies the changes other processes left for its instances; and the
/// client calls on an instance another process owns, answered from the store or left there as a message.
/// </summary>
internal sealed partial class TaskHubBackend
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ISharedTaskHubStore? _shared;
    private readonly Task? _ticker;
    private volatile string? _fault;

    /// <summary>Why this backend serves no more (its lease on a shared store was taken), or null.</summary>
    public string? Fault => _fault;

    private async Task TickLoopAsync()
    {
        var poll = TimeSpan.FromMilliseconds(_options.SharedPollMilliseconds);
        var renewEvery = TimeSpan.FromSeconds(_options.LeaseSeconds) / 3;
        var nextRenewal = _time.GetUtcNow() + renewEvery;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(poll, _time, _stopping.Token).ConfigureAwait(false);
                var renew = _time.GetUtcNow() >= nextRenewal;
                if (renew)
                {
                    nextRenewal = _time.GetUtcNow() + renewEvery;
                }
                var tick = await _shared!.TickAsync(renew, _stopping.Token).ConfigureAwait(false);
                if (tick.Adopted.Count > 0)
                {
                    lock (_gate)
                    {
                        Resume(Adopt(tick.Adopted));
                    }
                    LogAdopted(_logger, tick.Adopted.Count, _shared.Owner);
                }
                if (tick.Messages.Count > 0)
                {
                    await ApplyMessagesAsync(tick.Messages).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (TaskHubLeaseLostException ex)
            {
                LoseLease(ex);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is unreachable for now: the lease lasts three renewals, so try again next tick.
                LogTickFailed(_logger, ex);
            }
        }
    }

    /// <summary>Each message is applied as if its client had called here; it is removed once its change is durable.</summary>
    private async Task ApplyMessagesAsync(IReadOnlyList<TaskHubMessage> messages)
    {
        var done = new List<long>();
        foreach (var message in messages)
        {
            try
            {
                await (message.Request switch
                {
                    RaiseEventRequest raise => RaiseAsync(raise),
                    TerminateRequest terminate => TerminateAsync(terminate),
                    SuspendRequest suspend => SuspendAsync(suspend),
                    ResumeRequest resume => ResumeAsync(resume),
                    _ => Task.CompletedTask,
                }).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound)
            {
                // The instance ended or was purged after the message was left: the caller's change no longer applies.
                LogMessageDropped(_logger, message.Request.Descriptor.Name, message.InstanceId, ex.Status.Detail);
            }
            done.Add(message.Sequence);
        }
        await _shared!.AcknowledgeAsync(done, _stopping.Token).ConfigureAwait(false);
    }

    private void LoseLease(TaskHubLeaseLostException ex)
    {
        _fault = ex.Message;
        LogLeaseLost(_logger, ex);
        lock (_gate)
        {
            // Nothing held here may run any more: the new owner runs it from the stored history.
            _turns.Clear();
            _activities.Clear();
            foreach (var instance in _instances.Values)
            {
                instance.InFlight = null;
                instance.NotifyChanged();
            }
            _instances.Clear();
        }
    }

    /// <summary>True when the instance lives in another process sharing the store (or nowhere), so the store answers.</summary>
    private bool IsElsewhere(string instanceId)
    {
        if (_shared is null)
        {
            return false;
        }
        lock (_gate)
        {
            return !_instances.ContainsKey(instanceId);
        }
    }

    private async Task<TaskHubInstance?> ReadElsewhereAsync(string instanceId, CancellationToken cancellationToken) =>
        await _shared!.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } stored ? FromStored(stored) : null;

    /// <summary>Checks the instance as the local call would, then leaves the request for its owner.</summary>
    private async Task ForwardAsync(string instanceId, Google.Protobuf.IMessage request, Func<TaskHubInstance, string?> refusal)
    {
        var instance = await ReadElsewhereAsync(instanceId, _stopping.Token).ConfigureAwait(false);
        if (instance is null)
        {
            // Claimed but not yet written: its process is starting it (the claim comes first). The owner applies the
            // message once the instance exists; one that reaches the owner before that goes round again next tick.
            if (await _shared!.OwnerOfAsync(instanceId, _stopping.Token).ConfigureAwait(false) is null)
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"No workflow instance '{instanceId}'."));
            }
        }
        else if (refusal(instance) is { } why)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, why));
        }
        await _shared!.SendAsync(instanceId, new TaskHubMessage(0, instanceId, request), _stopping.Token).ConfigureAwait(false);
    }

    private static string? RefuseIfEnded(TaskHubInstance instance, string what) =>
        instance.IsTerminal ? $"Workflow instance '{instance.InstanceId}' is {instance.Status}; {what}." : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "The workflow backend '{Owner}' took over {Count} instances of processes whose lease ended")]
    private static partial void LogAdopted(ILogger logger, int count, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow backend could not reach its shared store; it tries again")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Request} left for workflow instance '{InstanceId}' no longer applies: {Reason}")]
    private static partial void LogMessageDropped(ILogger logger, string request, string instanceId, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The workflow backend stops serving")]
    private static partial void LogLeaseLost(ILogger logger, Exception exception);
}
