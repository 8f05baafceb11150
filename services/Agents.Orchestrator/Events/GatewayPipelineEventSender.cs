using System.Net.Http.Headers;
using System.Text;
using Agents.Contracts;
using Agents.Pipeline.Events;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Without a sidecar: posts each event to the gateway's subscription route at <c>http://gateway</c> (service
/// discovery), as daprd would deliver it. No broker, so one gateway receives them.
/// </summary>
internal sealed class GatewayPipelineEventSender(IHttpClientFactory clients) : IPipelineEventSender
{
    public const string ClientName = "pipeline-events";

    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    public string Target => $"http://{ServiceNames.Gateway}{ServiceNames.PipelineEventsRoute}";

    public async Task SendAsync(OutboxEvent pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(pending.Json));
        content.Headers.ContentType = s_json;
        using var response = await clients.CreateClient(ClientName).PostAsync(ServiceNames.PipelineEventsRoute, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
