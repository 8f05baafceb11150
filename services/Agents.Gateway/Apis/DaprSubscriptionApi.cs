using System.Text.Json;
using Agents.Contracts;
using Agents.Gateway.Distributed;
using Agents.Pipeline.Apis;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Apis;

/// <summary>
/// Dapr's subscription, the Dapr.AspNetCore way: <c>GET /dapr/subscribe</c> (<c>MapSubscribeHandler</c>) lists topic
/// <c>pipeline-events</c> of <c>pubsub</c> for <see cref="Route"/> (<c>WithTopic</c>); <c>UseCloudEvents</c> hands the
/// route the event inside each CloudEvent. Each delivery is stored once by its id (delivery is at least once) and wakes
/// the event streams. When daprd has an app token (<c>APP_API_TOKEN</c>), Dapr's authentication checks it.
/// </summary>
internal static partial class DaprSubscriptionApi
{
    public const string Route = ServiceNames.PipelineEventsRoute;
    private const int MaxEventBytes = 1024 * 1024;
    private const string AppTokenSetting = "APP_API_TOKEN";
    private const string DaprPolicy = "Dapr";

    /// <summary>Dapr's app-token scheme and policy, used by the route when a token is configured.</summary>
    public static void AddDaprSubscriptionAuthentication(this IHostApplicationBuilder builder)
    {
        var token = builder.Configuration[AppTokenSetting];
        builder.Services.AddAuthentication().AddDapr(options => options.Token = token);
        builder.Services.AddAuthorization(options => options.AddDapr(DaprPolicy));
    }

    public static IEndpointRouteBuilder MapDaprSubscriptionApi(this WebApplication app)
    {
        // Only the route's bodies are unwrapped; a body Dapr's middleware cannot read is a delivery to drop, not a 500
        // that daprd would redeliver for ever.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Route), route => route.Use(DropUnreadableAsync).UseCloudEvents());
        app.MapSubscribeHandler();
        var receive = app.MapPost(Route, ReceiveAsync).WithTopic(ServiceNames.PubSub, ServiceNames.PipelineEventsTopic);
        if (!string.IsNullOrEmpty(app.Configuration[AppTokenSetting]))
        {
            receive.RequireAuthorization(DaprPolicy);
        }
        return app;
    }

    public static async Task<Ok<DaprDeliveryStatus>> ReceiveAsync(
        HttpContext context, IPipelineEventPublisher events, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var log = loggers.CreateLogger(typeof(DaprSubscriptionApi));
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

    /// <summary>
    /// The event: the body as UseCloudEvents leaves it (the CloudEvent's <c>data</c>), or a structured CloudEvent that
    /// came as plain JSON (<c>data</c>, or <c>data_base64</c>); null when it is neither.
    /// </summary>
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

    private static async Task DropUnreadableAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException && !context.Response.HasStarted)
        {
            LogDropped(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DaprSubscriptionApi)), -1);
            await TypedResults.Ok(DaprDeliveryStatus.Drop).ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a pipeline-events delivery that is not a pipeline event ({Bytes} bytes).")]
    private static partial void LogDropped(ILogger logger, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store pipeline event {EventId}; Dapr will deliver it again.")]
    private static partial void LogNotStored(ILogger logger, string eventId, Exception exception);
}
