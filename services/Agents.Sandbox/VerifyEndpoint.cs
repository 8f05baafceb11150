using Agents.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox;

/// <summary>
/// The <c>POST /api/verify</c> handler, shared by the gateway and SandboxHost so both serve one contract:
/// 200 with the result, 400 validation problem details naming the bad field or path, 503 when code cannot run safely.
/// </summary>
public static class VerifyEndpoint
{
    /// <summary>Maps <c>POST /api/verify</c> with its body limit; the host adds authorization and rate limits.</summary>
    public static RouteHandlerBuilder MapVerifyEndpoint(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The files' own limit, with room for JSON escaping (which can double text) and the rest of the request;
        // a body beyond that is a 413 before anything is parsed.
        var services = app.ServiceProvider;
        var maxRequestBytes = new ConfiguredRequestSizeLimit(() => 2L * services.GetRequiredService<IOptions<SandboxOptions>>().Value.MaxTotalBytes + 64 * 1024);
        return app.MapPost(SandboxHttpClient.VerifyPath, HandleAsync).WithName("Verify").WithTags("Verification").WithMetadata(maxRequestBytes)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    public static async Task<Results<Ok<VerificationResult>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        VerificationRequest request, IVerificationService verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        try
        {
            return TypedResults.Ok(await verifier.VerifyAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidVerificationRequestException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors, title: "The verification request is invalid.");
        }
        catch (SandboxUnavailableException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Code cannot be run safely here.");
        }
    }
}
