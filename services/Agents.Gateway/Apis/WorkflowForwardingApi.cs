using Agents.Contracts;
using Agents.Gateway.Distributed;
using Agents.Pipeline.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Polly;

namespace Agents.Gateway.Apis;

/// <summary>
/// The distributed mode's <c>/api/workflow</c>: the same contract as <see cref="WorkflowApi"/>, answered by the
/// orchestrator (requests and answers streamed through unchanged, never buffered here), except the event stream, which
/// is served here from the events received on the <c>pipeline-events</c> topic. The orchestrator validates; the
/// endpoints here carry the same names, body limits and rate-limit policies so both modes behave alike at the door.
/// </summary>
internal static class WorkflowForwardingApi
{
    // The orchestrator applies its own, smaller limits; this bounds what passes through the gateway.
    private const long MaxForwardedBytes = 1024 * 1024;

    public static RouteGroupBuilder MapWorkflowForwardingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkflowApi.RoutePrefix).WithTags("Pipelines").WithMetadata(new RequestSizeLimitAttribute(MaxForwardedBytes));
        api.MapPost("/full-sdlc", ForwardAsync).WithName("StartPipeline").Accepts<PipelineRequest>("application/json").RequireRateLimiting(ApiRateLimits.RunStarts);
        api.MapGet("/", ForwardAsync).WithName("ListPipelines");
        api.MapGet("/{id}", ForwardRunAsync).WithName("GetPipeline").RequireRateLimiting(ApiRateLimits.RunReads);
        // The run's events as received here (see DaprSubscriptionApi).
        api.MapWorkflowEvents();
        api.MapPost("/{id}/approve", ForwardRunAsync).WithName("ApprovePipeline").Accepts<ApprovalDecision>("application/json");
        api.MapPost("/{id}/terminate", ForwardRunAsync).WithName("TerminatePipeline").Accepts<TerminateRequest>("application/json");
        return api;
    }

    /// <summary>A request about one run; the id travels in the forwarded path.</summary>
    public static Task<Results<ForwardedResponse, ProblemHttpResult>> ForwardRunAsync(
        string id, HttpContext context, OrchestratorClient orchestrator, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(id) ? throw new ArgumentException("A run id is required.", nameof(id)) : ForwardAsync(context, orchestrator, cancellationToken);

    public static async Task<Results<ForwardedResponse, ProblemHttpResult>> ForwardAsync(
        HttpContext context, OrchestratorClient orchestrator, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path.Value + context.Request.QueryString.Value);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            // Streamed: the body limit above is enforced by the server as it is read.
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        try
        {
            using (request)
            {
                return new ForwardedResponse(await orchestrator.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
            }
        }
        catch (HttpRequestException ex)
        {
            return Unreachable(ex.Message);
        }
        catch (ExecutionRejectedException ex)
        {
            // The resilience handler's circuit is open (recent calls failed) or a read ran past its timeout.
            return Unreachable(ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreachable("The orchestrator did not answer in time.");
        }
    }

    private static ProblemHttpResult Unreachable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The orchestrator is unreachable.");
}
