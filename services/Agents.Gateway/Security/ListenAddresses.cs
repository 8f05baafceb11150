using System.Net;

namespace Agents.Gateway.Security;

/// <summary>
/// The addresses the gateway is configured to listen on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>urls</c>,
/// <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, <c>Kestrel:Endpoints:*:Url</c>) and which of them are reachable from other
/// machines. Nothing configured means Kestrel's default, http://localhost:5000.
/// </summary>
internal static class ListenAddresses
{
    public static IReadOnlyList<string> NonLoopback(IConfiguration configuration)
    {
        var urls = new List<string>();
        urls.AddRange(Split(configuration["urls"]));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        var result = urls.Where(u => !IsLoopback(u)).ToList();
        if (Split(configuration["urls"]).Count == 0)
        {
            // Ports without a host bind every interface (containers set them).
            foreach (var key in new[] { "http_ports", "https_ports" })
            {
                var ports = configuration[key] ?? Environment.GetEnvironmentVariable(key.ToUpperInvariant());
                result.AddRange(Split(ports).Select(p => $"{key[..^"_ports".Length]}://*:{p}"));
            }
        }
        return result;
    }

    private static List<string> Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [.. value.Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool IsLoopback(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? url : url[(start + 3)..];
        string host;
        if (rest.StartsWith('['))
        {
            var end = rest.IndexOf(']', StringComparison.Ordinal);
            host = end < 0 ? rest : rest[1..end];
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
