using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Agents.Gateway.Tests.Security;

public sealed class QueryStringRedactingProcessorTests
{
    [Fact]
    public void OnEnd_SpanWithQueryString_KeepsThePathButNotTheQuery()
    {
        using var activity = new Activity("GET /api/workflow/{id}/events");
        activity.SetTag("url.path", "/api/workflow/r1/events");
        activity.SetTag("url.query", "?access_token=secret");
        activity.SetTag("url.full", "http://localhost:5080/api/workflow/r1/events?access_token=secret");

        new QueryStringRedactingProcessor().OnEnd(activity);

        Assert.Null(activity.GetTagItem("url.query"));
        Assert.Equal("http://localhost:5080/api/workflow/r1/events", activity.GetTagItem("url.full"));
        Assert.Equal("/api/workflow/r1/events", activity.GetTagItem("url.path"));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value is string s && s.Contains("secret", StringComparison.Ordinal));
    }
}
