using System.Text.Json;
using Agents.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agents.Pipeline.Apis;

/// <summary>
/// The pipeline API: start, read, list, approve, terminate (events: <see cref="WorkflowEventsApi"/>). Served by every
/// host that runs pipelines (the gateway in embedded mode, the orchestrator), so both speak one contract.
/// </summary>
public static class WorkflowApi
{
    /// <summary>The route group of the pipeline API.</summary>
    public const string RoutePrefix = "/api/workflow";

    private const int MaxCommandBytes = 8 * 1024;
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    /// <summary>Maps <c>/api/workflow</c> on this process's <see cref="PipelineRuns"/>.</summary>
    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(RoutePrefix);
        api.MapPost("/full-sdlc", StartAsync);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapWorkflowEvents();
        api.MapPost("/{id}/approve", ApproveAsync);
        api.MapPost("/{id}/terminate", TerminateAsync);
        return app;
    }

    public static async Task<Results<Accepted<PipelineAccepted>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpContext context, PipelineRuns runs, CancellationToken cancellationToken)
    {
        if (Unavailable(runs) is { } unavailable)
        {
            return unavailable;
        }
        var limit = runs.Options.MaxRequestBytes;
        var (request, invalid) = await ReadAsync(context, limit, AgentsJsonContext.Default.PipelineRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        var errors = PipelineRequestValidator.Validate(request, runs.Options);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var id = await runs.StartAsync(request!, cancellationToken);
        return TypedResults.Accepted($"/api/workflow/{id}", new PipelineAccepted(id));
    }

    public static async Task<Results<Ok<PipelineRun>, ProblemHttpResult>> GetAsync(string id, PipelineRuns runs, CancellationToken cancellationToken)
    {
        if (Unavailable(runs) is { } unavailable)
        {
            return unavailable;
        }
        return await runs.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : NotFound(id);
    }

    public static async Task<Results<Ok<PipelineRunPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        PipelineRuns runs, int? pageSize, string? next, CancellationToken cancellationToken)
    {
        if (Unavailable(runs) is { } unavailable)
        {
            return unavailable;
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            return Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        }
        if (next is not null && (next.Length is 0 or > 9 || !next.All(char.IsAsciiDigit)))
        {
            return Invalid("next", "next is not a continuation token from a previous page.");
        }
        return TypedResults.Ok(await runs.ListAsync(pageSize ?? DefaultPageSize, next, cancellationToken));
    }

    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        string id, HttpContext context, PipelineRuns runs, CancellationToken cancellationToken)
    {
        if (Unavailable(runs) is { } unavailable)
        {
            return unavailable;
        }
        var body = await LimitedBody.ReadAsync(context.Request, MaxCommandBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }
        if (!HasProperty(body, "approved"))
        {
            return Invalid("approved", "approved (true or false) is required.");
        }
        var (decision, invalid) = Deserialize(body, AgentsJsonContext.Default.ApprovalDecision);
        if ((invalid ?? InvalidReason(decision!.Reason)) is { } rejected)
        {
            return rejected;
        }
        return CommandResult(id, await runs.ApproveAsync(id, decision!, cancellationToken), $"Run '{id}' is not waiting for approval.", "Not waiting for approval.");
    }

    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> TerminateAsync(
        string id, HttpContext context, PipelineRuns runs, CancellationToken cancellationToken)
    {
        if (Unavailable(runs) is { } unavailable)
        {
            return unavailable;
        }
        var body = await LimitedBody.ReadAsync(context.Request, MaxCommandBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }
        TerminateRequest? request = null;
        if (body.Length > 0)
        {
            (request, var invalid) = Deserialize(body, AgentsJsonContext.Default.TerminateRequest);
            if (invalid is not null)
            {
                return invalid;
            }
        }
        if (InvalidReason(request?.Reason) is { } rejected)
        {
            return rejected;
        }
        return CommandResult(id, await runs.TerminateAsync(id, request?.Reason, cancellationToken), $"Run '{id}' has already ended.", "The run has ended.");
    }

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"There is no run '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Run not found.");

    internal static ProblemHttpResult? Unavailable(IPipelineRunStatus runs) =>
        runs.Problem is { } problem ? TypedResults.Problem(problem, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Pipelines are not available here.") : null;

    private static async Task<(T? Value, ValidationProblem? Invalid)> ReadAsync<T>(
        HttpContext context, int limit, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var body = await LimitedBody.ReadAsync(context.Request, limit, cancellationToken);
        return body is null ? (null, Invalid("body", $"The request body is larger than {limit} bytes.")) : Deserialize(body, typeInfo);
    }

    private static (T? Value, ValidationProblem? Invalid) Deserialize<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, Invalid("body", "A JSON object is required.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Invalid(field, $"The request body is not valid JSON here: {field}."));
        }
    }

    private static bool HasProperty(byte[] body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The answer to an approve or terminate command; <paramref name="conflict"/> says why a run refused it.</summary>
    private static Results<Accepted, ValidationProblem, ProblemHttpResult> CommandResult(string id, RunCommandOutcome outcome, string conflict, string conflictTitle) =>
        outcome switch
        {
            RunCommandOutcome.Accepted => TypedResults.Accepted($"{RoutePrefix}/{id}"),
            RunCommandOutcome.NotFound => NotFound(id),
            _ => TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: conflictTitle),
        };

    private static ValidationProblem TooLarge() => Invalid("body", $"The request body is larger than {MaxCommandBytes} bytes.");

    private static ValidationProblem? InvalidReason(string? reason) =>
        reason?.Length > PipelineLimits.MaxReasonLength ? Invalid("reason", $"The reason is longer than {PipelineLimits.MaxReasonLength} characters.") : null;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
