using System.Text.Json;
using Agents.Client;
using Agents.Contracts;
using Agents.Grpc;
using Agents.Grpc.V1;
using Agents.Pipeline.Events;
using Agents.Pipeline.Operations;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using V1 = Agents.Grpc.V1;

namespace Agents.Pipeline.Grpc;

/// <summary>
/// <c>agents.v1.Workflows</c>: the operations of <c>/api/workflow</c> (<see cref="IPipelineOperations"/>) and its event
/// stream (<see cref="PipelineEventStream"/>, the same reader as SSE, so ids and order are the same). The HTTP API's
/// answers become status codes: 400 → INVALID_ARGUMENT with a BadRequest naming the proto fields, 404 → NOT_FOUND,
/// 409 → FAILED_PRECONDITION, 503 → UNAVAILABLE. The rate-limit policies are those of the HTTP endpoints, enforced
/// where the host runs the rate limiter (the gateway): the general budget unless a method names its own.
/// </summary>
[EnableRateLimiting(ApiRateLimits.General)]
public sealed class WorkflowsGrpcService(IPipelineOperations pipelines, IPipelineRunStatus runs, IPipelineEventFeed feed) : V1.Workflows.WorkflowsBase
{
    [EnableRateLimiting(ApiRateLimits.RunStarts)]
    public override async Task<StartPipelineResponse> StartPipeline(StartPipelineRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var id = await Call(() => pipelines.StartAsync(request.ToContract(), context.CancellationToken)).ConfigureAwait(false);
        return new StartPipelineResponse { Id = id };
    }

    [EnableRateLimiting(ApiRateLimits.RunReads)]
    public override async Task<V1.PipelineRun> GetRun(GetRunRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireId(request.Id, "id");
        var run = await Call(() => pipelines.GetAsync(request.Id, context.CancellationToken)).ConfigureAwait(false);
        return run?.ToProto() ?? throw NotFound(request.Id);
    }

    public override async Task<V1.PipelineRunPage> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        int? pageSize = request.HasPageSize ? request.PageSize : null;
        string? next = request.HasNext ? request.Next : null;
        var page = await Call(() =>
        {
            ContractValidation.ThrowIfInvalidPage(pageSize, next);
            return pipelines.ListAsync(pageSize ?? PipelineApiLimits.DefaultPageSize, next, context.CancellationToken);
        }).ConfigureAwait(false);
        return page.ToProto();
    }

    [EnableRateLimiting(ApiRateLimits.RunReads)]
    public override async Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<V1.PipelineEvent> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        RequireId(request.RunId, "run_id");
        if (request.HasAfterEventId && PipelineEventStream.After(request.AfterEventId) == 0 && request.AfterEventId != "0")
        {
            throw GrpcErrors.InvalidArgument("The request is invalid.", "after_event_id", "after_event_id must be the sequence of an event already read.");
        }
        if (runs.Problem is { } problem)
        {
            throw GrpcErrors.Status(StatusCode.Unavailable, $"Pipelines are not available here: {problem}");
        }
        if (!await runs.ExistsAsync(request.RunId, context.CancellationToken).ConfigureAwait(false))
        {
            throw NotFound(request.RunId);
        }
        var after = request.HasAfterEventId ? PipelineEventStream.After(request.AfterEventId) : 0;
        await foreach (var stored in PipelineEventStream.ReadAsync(request.RunId, after, runs, feed, context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(stored.Event.ToProto(stored.Sequence), context.CancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task<ApproveResponse> Approve(ApproveRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireId(request.RunId, "run_id");
        var decision = new ApprovalDecision(request.Approved, request.HasReason ? request.Reason : null);
        var outcome = await Call(() => pipelines.ApproveAsync(request.RunId, decision, context.CancellationToken)).ConfigureAwait(false);
        ThrowUnlessAccepted(outcome, request.RunId, $"Run '{request.RunId}' is not waiting for approval.");
        return new ApproveResponse();
    }

    public override async Task<V1.TerminateResponse> Terminate(V1.TerminateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireId(request.RunId, "run_id");
        var outcome = await Call(() => pipelines.TerminateAsync(request.RunId, request.HasReason ? request.Reason : null, context.CancellationToken)).ConfigureAwait(false);
        ThrowUnlessAccepted(outcome, request.RunId, $"Run '{request.RunId}' has already ended.");
        return new V1.TerminateResponse();
    }

    /// <summary>The operation, with its refusals as the status codes this API documents.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (PipelineRequestRejectedException ex)
        {
            throw GrpcErrors.InvalidArgument(
                "The request is invalid.", ex.Errors.ToDictionary(e => ProtoFieldName(e.Key), e => e.Value, StringComparer.Ordinal));
        }
        catch (PipelinesUnavailableException ex)
        {
            throw GrpcErrors.Status(StatusCode.Unavailable, ex.Message);
        }
    }

    /// <summary>The JSON contract's camelCase name as the proto spells it (<c>maxIterations</c> → <c>max_iterations</c>).</summary>
    private static string ProtoFieldName(string field) => JsonNamingPolicy.SnakeCaseLower.ConvertName(field);

    private static void RequireId(string id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw GrpcErrors.InvalidArgument("The request is invalid.", field, $"{field} is required.");
        }
    }

    private static void ThrowUnlessAccepted(RunCommandOutcome outcome, string id, string conflict)
    {
        switch (outcome)
        {
            case RunCommandOutcome.NotFound:
                throw NotFound(id);
            case RunCommandOutcome.Conflict:
                throw GrpcErrors.Status(StatusCode.FailedPrecondition, conflict);
        }
    }

    private static RpcException NotFound(string id) => GrpcErrors.Status(StatusCode.NotFound, $"There is no run '{id}'.");
}
