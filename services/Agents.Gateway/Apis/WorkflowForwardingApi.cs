using Agents.Gateway.Distributed;
using Agents.Pipeline.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Apis;

/// <summary>
/// The distributed mode's <c>/api/workflow</c>: the same contract as <see cref="WorkflowApi"/>, answered by the
/// orchestrator (requests and answers passed through unchanged), except the event stream, which is served here from
/// the events received on the <c>pipeline-events</c> topic.
/// </summary>
internal static class WorkflowForwardingApi
{
    // The orchestrator applies its own, smaller limits; this only bounds what the gateway buffers.
    private const int MaxForwardedBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapWorkflowForwardingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkflowApi.RoutePrefix);
        api.MapPost("/full-sdlc", ForwardAsync);
        api.MapGet("/", ForwardAsync);
        api.MapGet("/{id}", ForwardRunAsync);
        // The run's events as received here (see DaprSubscriptionApi).
        api.MapWorkflowEvents();
        api.MapPost("/{id}/approve", ForwardRunAsync);
        api.MapPost("/{id}/terminate", ForwardRunAsync);
        return app;
    }

    /// <summary>A request about one run; the id travels in the forwarded path.</summary>
    public static Task<Results<ForwardedResponse, ValidationProblem, ProblemHttpResult>> ForwardRunAsync(
        string id, HttpContext context, OrchestratorClient orchestrator, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(id) ? throw new ArgumentException("A run id is required.", nameof(id)) : ForwardAsync(context, orchestrator, cancellationToken);

    public static async Task<Results<ForwardedResponse, ValidationProblem, ProblemHttpResult>> ForwardAsync(
        HttpContext context, OrchestratorClient orchestrator, CancellationToken cancellationToken)
    {
        var body = await LimitedBody.ReadAsync(context.Request, MaxForwardedBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"The request body is larger than {MaxForwardedBytes} bytes."] });
        }
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path.Value + context.Request.QueryString.Value);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            request.Content = new ByteArrayContent(body);
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
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreachable("The orchestrator did not answer in time.");
        }
    }

    private static ProblemHttpResult Unreachable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The orchestrator is unreachable.");
}
