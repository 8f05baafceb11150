using Agents.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Sandbox;

/// <summary>
/// The <c>POST /api/verify</c> handler, shared by the gateway and SandboxHost so both serve one contract:
/// 200 with the result, 400 validation problem details naming the bad field or path, 503 when code cannot run safely.
/// </summary>
public static class VerifyEndpoint
{
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
