using System.Net;

namespace Agents.Gateway.Security;

/// <summary>Who a request's budget belongs to: the API key it authenticated with, else the address it came from.</summary>
internal static class RateLimitClient
{
    /// <summary>A partition key; it holds a key's position, never the key or its hash.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Features.Get<AuthenticatedApiKey>() is { } key)
        {
            return $"key:{key.Index}";
        }
        return "ip:" + Network(context.Connection.RemoteIpAddress);
    }

    /// <summary>For logs: the key's name or the address.</summary>
    public static string Describe(HttpContext context) =>
        context.Features.Get<AuthenticatedApiKey>() is { } key ? $"API key '{key.Name}'" : $"address {Network(context.Connection.RemoteIpAddress)}";

    private static string Network(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            // One IPv6 host usually holds a whole /64, so a per-address budget would be one new address away.
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
