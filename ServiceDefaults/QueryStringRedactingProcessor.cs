using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Removes query strings from spans before they are exported: the gateway's event stream takes its API key as
/// <c>?access_token=</c>, and secrets never reach traces. Registered ahead of the exporter, so it runs first.
/// </summary>
internal sealed class QueryStringRedactingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem("url.query") is not null)
        {
            data.SetTag("url.query", null);
        }
        if (data.GetTagItem("url.full") is string full && full.IndexOf('?', StringComparison.Ordinal) is var at and >= 0)
        {
            data.SetTag("url.full", full[..at]);
        }
    }
}
