using System.Text.Json.Serialization;

namespace Agents.Gateway.Distributed;

/// <summary>One entry of <c>GET /dapr/subscribe</c>: Dapr delivers <paramref name="Topic"/> of <paramref name="PubSubName"/> to <paramref name="Route"/>.</summary>
public sealed record DaprSubscription([property: JsonPropertyName("pubsubname")] string PubSubName, string Topic, string Route);

/// <summary>The answer to a delivery: <c>SUCCESS</c>, <c>RETRY</c> (redeliver later) or <c>DROP</c> (never redeliver).</summary>
public sealed record DaprDeliveryStatus(string Status)
{
    public static DaprDeliveryStatus Success { get; } = new("SUCCESS");

    public static DaprDeliveryStatus Retry { get; } = new("RETRY");

    public static DaprDeliveryStatus Drop { get; } = new("DROP");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DaprSubscription[]))]
[JsonSerializable(typeof(DaprDeliveryStatus))]
internal sealed partial class DaprJsonContext : JsonSerializerContext;
