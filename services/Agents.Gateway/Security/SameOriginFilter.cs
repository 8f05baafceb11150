namespace Agents.Gateway.Security;

/// <summary>
/// Refuses state-changing requests a browser sends from another site: an <c>Origin</c> header that is not this
/// gateway's own scheme, host and port gets 403. Without API keys the gateway trusts loopback callers, and any page the
/// user visits could otherwise start runs that spend tokens; with keys it costs nothing. Requests without
/// <c>Origin</c> (curl, programs, the sidecar) are not from a browser page and pass.
/// </summary>
internal sealed class SameOriginFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return Refusal(context.HttpContext.Request) is { } refusal ? ValueTask.FromResult<object?>(refusal) : next(context);
    }

    /// <summary>The 403 for a cross-origin state change, or null when the request may go on.</summary>
    public static IResult? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsOwn(origin, request))
        {
            return null;
        }
        return TypedResults.Problem(
            $"Cross-origin requests that change state are refused; '{origin}' is not this gateway's origin.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-origin request refused.");
    }

    private static bool IsOwn(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
