using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Events;
using Dapr.Client;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Publishes to Dapr pub/sub <c>pubsub</c>, topic <c>pipeline-events</c>, through the sidecar; daprd wraps each event
/// in a CloudEvent for the subscribers. The stored JSON is published as it is, so the wire shape is the contracts'.
/// </summary>
internal sealed class DaprPipelineEventSender(DaprClient dapr) : IPipelineEventSender
{
    public string Target => $"{ServiceNames.PubSub}/{ServiceNames.PipelineEventsTopic}";

    // Short, so a hung sidecar does not hold the relay's transaction (and its lock) for long.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public async Task SendAsync(OutboxEvent pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        using var json = JsonDocument.Parse(pending.Json);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        await dapr.PublishEventAsync(ServiceNames.PubSub, ServiceNames.PipelineEventsTopic, json.RootElement, timeout.Token);
    }
}
