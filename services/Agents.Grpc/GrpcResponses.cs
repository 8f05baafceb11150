using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Agents.Grpc;

/// <summary>
/// A refusal written before a call reaches its gRPC service (authentication, rate limits), in gRPC's own terms: a
/// trailers-only response (HTTP 200, <c>grpc-status</c> and <c>grpc-message</c> in the headers). An HTTP 401 or 429
/// would reach a gRPC client as UNAUTHENTICATED or UNAVAILABLE by the HTTP-to-gRPC mapping, which loses
/// RESOURCE_EXHAUSTED and the message.
/// </summary>
public static class GrpcResponses
{
    /// <summary>True for a gRPC call (<c>application/grpc</c>, <c>application/grpc+proto</c>, …).</summary>
    public static bool IsGrpc(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
    }

    public static Task WriteStatusAsync(HttpContext context, StatusCode code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        // Percent-encoded UTF-8, as the protocol defines grpc-message.
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
