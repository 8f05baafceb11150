using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Drops server spans for health probes, which orchestrators send every few seconds and which would
/// otherwise drown real traffic in the dashboard. ASP.NET Core 10 puts <c>url.path</c> on the span's
/// start tags, which is what lets a sampler see it.
/// </summary>
internal sealed class HealthProbeFilteringSampler(params string[] paths) : Sampler
{
    private static readonly SamplingResult s_drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult s_keep = new(SamplingDecision.RecordAndSample);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Tags is { } tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "url.path" && tag.Value is string path && paths.Contains(path, StringComparer.OrdinalIgnoreCase))
                {
                    return s_drop;
                }
            }
        }
        return s_keep;
    }
}
