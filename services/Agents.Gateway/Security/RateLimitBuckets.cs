using Agents.Pipeline.Apis;
using Agents.Sandbox;

namespace Agents.Gateway.Security;

/// <summary>
/// Sorts a request into its budget by the endpoint routing matched, not by the raw path, so spellings routing accepts
/// (case, a trailing slash) cannot move an expensive request into a cheaper budget. Both gateway modes map the same
/// route templates, so they are limited the same.
/// </summary>
internal static class RateLimitBuckets
{
    private const string ApiPrefix = "/api";
    private static readonly string s_runStart = WorkflowApi.RoutePrefix + "/full-sdlc";
    private static readonly string s_run = WorkflowApi.RoutePrefix + "/{id}";
    private static readonly string s_runEvents = WorkflowApi.RoutePrefix + "/{id}/events";
    private static readonly string s_chat = "/api/chat";

    public static RateLimitBucket Of(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } template })
        {
            // No endpoint: a 404 (or a static file). Unknown /api paths still count, so scanning the API is limited too.
            return request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase) ? RateLimitBucket.General : RateLimitBucket.None;
        }
        var route = "/" + template.Trim('/');
        if (!route.Equals(ApiPrefix, StringComparison.OrdinalIgnoreCase) && !route.StartsWith(ApiPrefix + "/", StringComparison.OrdinalIgnoreCase))
        {
            // /health, /alive and /dapr/* (called by the sidecar, which must never be turned away).
            return RateLimitBucket.None;
        }
        if (HttpMethods.IsPost(request.Method))
        {
            if (Is(route, s_runStart))
            {
                return RateLimitBucket.RunStarts;
            }
            if (Is(route, s_chat) || Is(route, SandboxHttpClient.VerifyPath))
            {
                return RateLimitBucket.ChatAndVerify;
            }
        }
        else if (HttpMethods.IsGet(request.Method) && (Is(route, s_run) || Is(route, s_runEvents)))
        {
            return RateLimitBucket.RunReads;
        }
        return RateLimitBucket.General;
    }

    private static bool Is(string route, string template) => string.Equals(route, template, StringComparison.OrdinalIgnoreCase);
}
