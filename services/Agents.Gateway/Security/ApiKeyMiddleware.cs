using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Security;

/// <summary>
/// When keys are configured, every <c>/api</c> request needs <c>Authorization: Bearer &lt;key&gt;</c>. The event stream
/// also accepts <c>?access_token=</c>, because a browser's EventSource cannot send headers. Health endpoints and the
/// web page's static files stay open.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyHashes keys)
{
    private const string BearerPrefix = "Bearer ";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!keys.Required || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        if (keys.Match(PresentedKey(context.Request)) is { } key)
        {
            // The rate limiter counts this request against the key rather than the address it came from.
            context.Features.Set(key);
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem("Send an API key as 'Authorization: Bearer <key>'.", statusCode: StatusCodes.Status401Unauthorized, title: "An API key is required.")
            .ExecuteAsync(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }
        return HttpMethods.IsGet(request.Method) && request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
            ? request.Query["access_token"].ToString()
            : null;
    }
}
