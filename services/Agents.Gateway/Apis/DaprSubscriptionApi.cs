using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Gateway.Distributed;
using Agents.Pipeline.Apis;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Apis;

/// <summary>
/// Dapr's programmatic subscription: <c>GET /dapr/subscribe</c> tells the sidecar to deliver topic
/// <c>pipeline-events</c> of <c>pubsub</c> to <see cref="Route"/>, where each delivery (a CloudEvent with the event in
/// <c>data</c>, or the bare event) is stored once by its id (delivery is at least once) and wakes the event streams.
/// </summary>
internal static partial class DaprSubscriptionApi
{
    public const string Route = ServiceNames.PipelineEventsRoute;
    private const int MaxEventBytes = 1024 * 1024;

    // daprd sends the app token (APP_API_TOKEN) in this header when one is configured.
    private const string AppTokenHeader = "dapr-api-token";
    private const string AppTokenVariable = "APP_API_TOKEN";

    public static IEndpointRouteBuilder MapDaprSubscriptionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dapr/subscribe", GetSubscriptions);
        app.MapPost(Route, ReceiveAsync);
        return app;
    }

    public static Ok<DaprSubscription[]> GetSubscriptions() =>
        TypedResults.Ok(new[] { new DaprSubscription(ServiceNames.PubSub, ServiceNames.PipelineEventsTopic, Route) });

    public static async Task<Results<Ok<DaprDeliveryStatus>, UnauthorizedHttpResult>> ReceiveAsync(
        HttpContext context, IPipelineEventPublisher events, IConfiguration configuration, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var log = loggers.CreateLogger(typeof(DaprSubscriptionApi));
        if (!HasAppToken(context.Request, configuration[AppTokenVariable]))
        {
            return TypedResults.Unauthorized();
        }
        var body = await LimitedBody.ReadAsync(context.Request, MaxEventBytes, cancellationToken);
        if (body is null || Parse(body) is not { } received)
        {
            LogDropped(log, body?.Length ?? -1);
            return TypedResults.Ok(DaprDeliveryStatus.Drop);
        }
        try
        {
            await events.PublishAsync(received, cancellationToken);
            return TypedResults.Ok(DaprDeliveryStatus.Success);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not stored: Dapr delivers it again later.
            LogNotStored(log, received.Id, ex);
            return TypedResults.Ok(DaprDeliveryStatus.Retry);
        }
    }

    /// <summary>The event in a structured CloudEvent (<c>data</c>, or <c>data_base64</c>), or a bare event; null when it is neither.</summary>
    internal static PipelineEvent? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var pipelineEvent = root.TryGetProperty("specversion", out _) ? FromCloudEvent(root) : root.Deserialize(AgentsJsonContext.Default.PipelineEvent);
            return pipelineEvent is { Id.Length: > 0 } && ArtifactKeys.IsValidRunId(pipelineEvent.RunId) ? pipelineEvent : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static PipelineEvent? FromCloudEvent(JsonElement cloudEvent)
    {
        if (cloudEvent.TryGetProperty("data", out var data))
        {
            // Some publishers put the JSON in a string.
            return data.ValueKind == JsonValueKind.String
                ? JsonSerializer.Deserialize(data.GetString()!, AgentsJsonContext.Default.PipelineEvent)
                : data.Deserialize(AgentsJsonContext.Default.PipelineEvent);
        }
        return cloudEvent.TryGetProperty("data_base64", out var encoded) && encoded.GetString() is { } base64
            ? JsonSerializer.Deserialize(Convert.FromBase64String(base64), AgentsJsonContext.Default.PipelineEvent)
            : null;
    }

    private static bool HasAppToken(HttpRequest request, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return true;
        }
        var presented = Encoding.UTF8.GetBytes(request.Headers[AppTokenHeader].ToString());
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a pipeline-events delivery that is not a pipeline event ({Bytes} bytes).")]
    private static partial void LogDropped(ILogger logger, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store pipeline event {EventId}; Dapr will deliver it again.")]
    private static partial void LogNotStored(ILogger logger, string eventId, Exception exception);
}
