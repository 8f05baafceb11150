using Agents.Client;
using Agents.Contracts;
using Agents.Grpc;
using Agents.Grpc.V1;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Agents.Sandbox.Grpc;

/// <summary>
/// <c>agents.v1.Verification</c>: the same verifier as <c>POST /api/verify</c> (<see cref="VerifyEndpoint"/>), with
/// the same answers as status codes: INVALID_ARGUMENT naming the fields the problem details name, UNAVAILABLE when
/// code cannot be run safely here. Where a rate limiter runs (the gateway), it counts as a verify request.
/// </summary>
[EnableRateLimiting(ApiRateLimits.ChatAndVerify)]
public sealed partial class VerificationGrpcService(IVerificationService verifier, ILogger<VerificationGrpcService> logger) : Verification.VerificationBase
{
    public override async Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        // Logged so an operator (and the hosts' tests) can tell which hops arrive over gRPC rather than HTTP.
        LogVerify(logger, request.Language, request.Files.Count, context.RequestHeaders.GetValue("dapr-app-id") ?? "");
        try
        {
            var result = await verifier.VerifyAsync(request.ToContract(), context.CancellationToken).ConfigureAwait(false);
            return new VerifyResponse { Result = result.ToProto() };
        }
        catch (InvalidVerificationRequestException ex)
        {
            throw GrpcErrors.InvalidArgument("The verification request is invalid.", ex.Errors);
        }
        catch (SandboxUnavailableException ex)
        {
            throw GrpcErrors.Status(StatusCode.Unavailable, "Code cannot be run safely here. " + ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC Verify: {Language}, {FileCount} file(s), dapr-app-id '{AppId}'.")]
    private static partial void LogVerify(ILogger logger, string language, int fileCount, string appId);
}
