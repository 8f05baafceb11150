namespace Agents.Gateway.Distributed;

/// <summary>The orchestrator's answer passed on as is: status, content type, <c>Location</c> and body.</summary>
internal sealed class ForwardedResponse(HttpResponseMessage response) : IResult, IDisposable
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        using (response)
        {
            httpContext.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } contentType)
            {
                httpContext.Response.ContentType = contentType.ToString();
            }
            if (response.Headers.Location is { } location)
            {
                httpContext.Response.Headers.Location = location.OriginalString;
            }
            await response.Content.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
        }
    }

    public void Dispose() => response.Dispose();
}
