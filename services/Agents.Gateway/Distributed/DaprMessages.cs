using System.Text.Json.Serialization;

namespace Agents.Gateway.Distributed;

/// <summary>The answer to a delivery: <c>SUCCESS</c>, <c>RETRY</c> (redeliver later) or <c>DROP</c> (never redeliver).</summary>
public sealed record DaprDeliveryStatus(string Status)
{
    public static DaprDeliveryStatus Success { get; } = new("SUCCESS");

    public static DaprDeliveryStatus Retry { get; } = new("RETRY");

    public static DaprDeliveryStatus Drop { get; } = new("DROP");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DaprDeliveryStatus))]
internal sealed partial class DaprJsonContext : JsonSerializerContext;
