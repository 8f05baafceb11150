using Agents.Client;
using Agents.Contracts;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox;

/// <summary>
/// <see cref="IVerificationService"/> over gRPC: calls SandboxHost's <c>agents.v1.Verification/Verify</c> (directly, or
/// through the local Dapr sidecar's gRPC proxying). Status codes become the same exceptions as in-process and over
/// HTTP: INVALID_ARGUMENT with its BadRequest field violations, UNAVAILABLE as <see cref="SandboxUnavailableException"/>.
/// </summary>
public sealed class SandboxGrpcClient(Agents.Grpc.V1.Verification.VerificationClient client, IOptions<SandboxClientOptions> options, TimeProvider time) : IVerificationService
{
    /// <summary>
    /// The largest message read: the default limit on a request's files, twice over for the encoding, plus room for
    /// the framing, as the sandbox allows for what it receives.
    /// </summary>
    public static readonly int MaxMessageBytes = 2 * new SandboxOptions().MaxTotalBytes + 64 * 1024;

    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        try
        {
            // A verification is sent once (gRPC retries are off by default), bounded by the same setting as over HTTP.
            var response = await client.VerifyAsync(request.ToProto(), deadline: time.GetUtcNow().UtcDateTime.Add(timeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            return (response.Result ?? throw new InvalidOperationException("The sandbox service returned an empty result.")).ToContract();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            throw new InvalidVerificationRequestException(Errors(ex));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
        {
            throw new SandboxUnavailableException(string.IsNullOrEmpty(ex.Status.Detail) ? "The sandbox service is unavailable." : ex.Status.Detail);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            throw new TimeoutException($"The sandbox service did not answer within {options.Value.TimeoutSeconds} s (SandboxClient:TimeoutSeconds).", ex);
        }
    }

    // The field names the HTTP problem details use ("files[a.py]", "language"); without details, the message as "body".
    private static Dictionary<string, string[]> Errors(RpcException ex)
    {
        var violations = ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        return violations is { Count: > 0 }
            ? violations.GroupBy(v => v.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray(), StringComparer.Ordinal)
            : new Dictionary<string, string[]>(StringComparer.Ordinal) { ["body"] = [string.IsNullOrEmpty(ex.Status.Detail) ? "Bad request." : ex.Status.Detail] };
    }
}
