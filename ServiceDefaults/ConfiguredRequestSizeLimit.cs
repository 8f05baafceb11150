using Microsoft.AspNetCore.Http.Metadata;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Endpoint metadata for a body limit that comes from configuration. The value is read on the first request, not
/// when endpoints are mapped: options are validated when the host starts (a bad value ends with exit code 2 naming
/// the setting), and mapping happens before that.
/// </summary>
public sealed class ConfiguredRequestSizeLimit(Func<long> limit) : IRequestSizeLimitMetadata
{
    private readonly Lazy<long> _limit = new(limit);

    public long? MaxRequestBodySize => _limit.Value;
}
