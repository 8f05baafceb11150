namespace Agents.Gateway.Distributed;

/// <summary>
/// HTTP to the orchestrator's workflow API at <c>http://orchestrator</c>: through the Dapr sidecar when there is one,
/// else by service discovery (configured in <see cref="DistributedExtensions"/>).
/// </summary>
internal sealed class OrchestratorClient(HttpClient http)
{
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        http.SendAsync(request, completion, cancellationToken);
}
