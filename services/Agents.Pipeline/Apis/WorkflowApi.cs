using System.ComponentModel.DataAnnotations;
using Agents.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Apis;

/// <summary>
/// The pipeline API: start, read, list, approve, terminate (events: <see cref="WorkflowEventsApi"/>). Served by every
/// host that runs pipelines (the gateway in embedded mode, the orchestrator), so both speak one contract. Bodies are
/// bound and validated by the framework (DataAnnotations on the contracts); the rate-limit policy of each endpoint is
/// declared here and enforced where a host runs the rate limiter (the gateway); hosts add their own authorization.
/// </summary>
public static class WorkflowApi
{
    /// <summary>The route group of the pipeline API.</summary>
    public const string RoutePrefix = "/api/workflow";

    private const int MaxCommandBytes = 8 * 1024;

    /// <summary>Maps <c>/api/workflow</c> on this process's <see cref="PipelineRuns"/>; returns the group for the host's conventions.</summary>
    public static RouteGroupBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var maxRequestBytes = new ConfiguredRequestSizeLimit(() => services.GetRequiredService<IOptions<PipelineOptions>>().Value.MaxRequestBytes);
        var api = app.MapGroup(RoutePrefix).WithTags("Pipelines").AddEndpointFilter<PipelinesAvailableFilter>()
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/full-sdlc", StartAsync).WithName("StartPipeline")
            .WithMetadata(maxRequestBytes).RequireRateLimiting(ApiRateLimits.RunStarts)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAsync).WithName("ListPipelines").ProducesValidationProblem();
        api.MapGet("/{id}", GetAsync).WithName("GetPipeline").RequireRateLimiting(ApiRateLimits.RunReads)
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapWorkflowEvents();
        api.MapPost("/{id}/approve", ApproveAsync).WithName("ApprovePipeline").WithMetadata(new RequestSizeLimitAttribute(MaxCommandBytes))
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/{id}/terminate", TerminateAsync).WithName("TerminatePipeline").WithMetadata(new RequestSizeLimitAttribute(MaxCommandBytes))
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    public static async Task<Results<Accepted<PipelineAccepted>, ValidationProblem>> StartAsync(
        PipelineRequest request, PipelineRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runs);
        // The one rule that depends on configuration; the contract's attributes checked the rest.
        if (request.Requirements!.Length > runs.Options.MaxRequirementsLength)
        {
            return Invalid("requirements", $"Requirements have {request.Requirements.Length} characters; the limit is {runs.Options.MaxRequirementsLength}.");
        }
        var id = await runs.StartAsync(request, cancellationToken);
        return TypedResults.Accepted($"{RoutePrefix}/{id}", new PipelineAccepted(id));
    }

    public static async Task<Results<Ok<PipelineRun>, ProblemHttpResult>> GetAsync(string id, PipelineRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return await runs.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : NotFound(id);
    }

    public static async Task<Ok<PipelineRunPage>> ListAsync(
        PipelineRuns runs,
        [Range(1, PipelineApiLimits.MaxPageSize, ErrorMessage = "pageSize must be between {1} and {2}.")] int? pageSize,
        [RegularExpression(@"^[0-9]{1,9}$", ErrorMessage = "next is not a continuation token from a previous page.")] string? next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return TypedResults.Ok(await runs.ListAsync(pageSize ?? PipelineApiLimits.DefaultPageSize, next, cancellationToken));
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ApproveAsync(
        string id, ApprovalDecision decision, PipelineRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return CommandResult(id, await runs.ApproveAsync(id, decision, cancellationToken), $"Run '{id}' is not waiting for approval.", "Not waiting for approval.");
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TerminateRequest? request, PipelineRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return CommandResult(id, await runs.TerminateAsync(id, request?.Reason, cancellationToken), $"Run '{id}' has already ended.", "The run has ended.");
    }

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"There is no run '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Run not found.");

    internal static ProblemHttpResult? Unavailable(IPipelineRunStatus runs) =>
        runs.Problem is { } problem ? TypedResults.Problem(problem, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Pipelines are not available here.") : null;

    /// <summary>The answer to an approve or terminate command; <paramref name="conflict"/> says why a run refused it.</summary>
    private static Results<Accepted, ProblemHttpResult> CommandResult(string id, RunCommandOutcome outcome, string conflict, string conflictTitle) =>
        outcome switch
        {
            RunCommandOutcome.Accepted => TypedResults.Accepted($"{RoutePrefix}/{id}"),
            RunCommandOutcome.NotFound => NotFound(id),
            _ => TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: conflictTitle),
        };

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
