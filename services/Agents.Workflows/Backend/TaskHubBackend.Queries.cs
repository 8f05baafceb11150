using System.Globalization;
using Dapr.DurableTask.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using WorkflowStateMessage = Dapr.DurableTask.Protobuf.WorkflowState;

namespace Agents.Workflows.Backend;

internal sealed partial class TaskHubBackend
{
    public async Task<GetInstanceResponse> GetAsync(GetInstanceRequest request, CancellationToken cancellationToken)
    {
        if (IsElsewhere(request.InstanceId))
        {
            return await ReadElsewhereAsync(request.InstanceId, cancellationToken).ConfigureAwait(false) is { } elsewhere
                ? Snapshot(elsewhere, request.GetInputsAndOutputs)
                : new GetInstanceResponse { Exists = false };
        }
        lock (_gate)
        {
            return _instances.TryGetValue(request.InstanceId, out var instance)
                ? Snapshot(instance, request.GetInputsAndOutputs)
                : new GetInstanceResponse { Exists = false };
        }
    }

    /// <summary>Waits until the instance has started (left Pending) or finished; answers at once when it does not exist.</summary>
    public async Task<GetInstanceResponse> WaitAsync(GetInstanceRequest request, bool forCompletion, CancellationToken cancellationToken)
    {
        if (IsElsewhere(request.InstanceId))
        {
            return await WaitElsewhereAsync(request, forCompletion, cancellationToken).ConfigureAwait(false);
        }
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (!_instances.TryGetValue(request.InstanceId, out var instance))
                {
                    return new GetInstanceResponse { Exists = false };
                }
                if (forCompletion ? instance.IsTerminal : instance.Status != OrchestrationStatus.Pending)
                {
                    return Snapshot(instance, request.GetInputsAndOutputs);
                }
                changed = instance.Changed;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ListInstanceIDsResponse> ListAsync(ListInstanceIDsRequest request, CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            // Every process's instances, from the store: a client may be connected to any of them.
            var pageSize = request.HasPageSize && request.PageSize > 0 ? (int)Math.Min(request.PageSize, 10_000) : _options.DefaultPageSize;
            try
            {
                var (ids, next) = await _shared.ListAsync(request.HasContinuationToken ? request.ContinuationToken : null, pageSize, cancellationToken).ConfigureAwait(false);
                var shared = new ListInstanceIDsResponse();
                shared.InstanceIds.AddRange(ids);
                if (next is not null)
                {
                    shared.ContinuationToken = next;
                }
                return shared;
            }
            catch (FormatException ex)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"continuationToken: {ex.Message}"));
            }
        }
        // Newest first, as our API lists runs: the token is the sequence number of the last id returned.
        var before = long.MaxValue;
        if (request.HasContinuationToken && request.ContinuationToken.Length > 0
            && !long.TryParse(request.ContinuationToken, NumberStyles.None, CultureInfo.InvariantCulture, out before))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "continuationToken is not one this backend returned."));
        }
        var size = request.HasPageSize && request.PageSize > 0 ? (int)Math.Min(request.PageSize, 10_000) : _options.DefaultPageSize;
        lock (_gate)
        {
            var page = _instances.Values.Where(i => i.Sequence < before).OrderByDescending(i => i.Sequence).Take(size + 1).ToList();
            var response = new ListInstanceIDsResponse();
            response.InstanceIds.AddRange(page.Take(size).Select(i => i.InstanceId));
            if (page.Count > size)
            {
                response.ContinuationToken = page[size - 1].Sequence.ToString(CultureInfo.InvariantCulture);
            }
            return response;
        }
    }

    public async Task<GetInstanceHistoryResponse> HistoryAsync(GetInstanceHistoryRequest request, CancellationToken cancellationToken)
    {
        if (IsElsewhere(request.InstanceId))
        {
            var elsewhere = await ReadElsewhereAsync(request.InstanceId, cancellationToken).ConfigureAwait(false)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"No workflow instance '{request.InstanceId}'."));
            var stored = new GetInstanceHistoryResponse();
            stored.Events.AddRange(elsewhere.History);
            return stored;
        }
        lock (_gate)
        {
            var response = new GetInstanceHistoryResponse();
            response.Events.AddRange(Find(request.InstanceId).History);
            return response;
        }
    }

    /// <summary>An instance another process runs changes there: this one reads the store until it has started or ended.</summary>
    private async Task<GetInstanceResponse> WaitElsewhereAsync(GetInstanceRequest request, bool forCompletion, CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromMilliseconds(_options.SharedPollMilliseconds);
        while (true)
        {
            if (await ReadElsewhereAsync(request.InstanceId, cancellationToken).ConfigureAwait(false) is not { } instance)
            {
                // Claimed but not yet written is an instance being started: wait for it. A claim its dead starter left
                // is removed at takeover, and then the instance does not exist.
                if (await _shared!.OwnerOfAsync(request.InstanceId, cancellationToken).ConfigureAwait(false) is null)
                {
                    return new GetInstanceResponse { Exists = false };
                }
                await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (forCompletion ? instance.IsTerminal : instance.Status != OrchestrationStatus.Pending)
            {
                return Snapshot(instance, request.GetInputsAndOutputs);
            }
            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static GetInstanceResponse Snapshot(TaskHubInstance instance, bool withPayloads)
    {
        var state = new WorkflowStateMessage
        {
            InstanceId = instance.InstanceId,
            Name = instance.Name,
            Version = instance.Version,
            WorkflowStatus = instance.Status,
            ExecutionId = instance.ExecutionId,
            CreatedTimestamp = Timestamp.FromDateTimeOffset(instance.CreatedAt),
            LastUpdatedTimestamp = Timestamp.FromDateTimeOffset(instance.LastUpdatedAt),
            FailureDetails = instance.Failure,
            ParentInstanceId = instance.Parent?.WorkflowInstance.InstanceId,
        };
        if (withPayloads)
        {
            state.Input = instance.Input;
            state.Output = instance.Output;
            state.CustomStatus = instance.CustomStatus;
        }
        if (instance.CompletedAt is { } completed)
        {
            state.CompletedTimestamp = Timestamp.FromDateTimeOffset(completed);
        }
        if (instance.StartedAt is { } started)
        {
            state.StartedAt = Timestamp.FromDateTimeOffset(started);
        }
        if (instance.ScheduledStartAt is { } scheduled)
        {
            state.ScheduledStartTimestamp = Timestamp.FromDateTimeOffset(scheduled);
        }
        state.Tags.Add(instance.Tags);
        return new GetInstanceResponse { Exists = true, WorkflowState = state };
    }
}
