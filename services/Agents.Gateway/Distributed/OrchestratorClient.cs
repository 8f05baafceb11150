namespace Agents.Gateway.Distributed;

/// <summary>
/// HTTP to the orchestrator's workflow API: through the Dapr sidecar (<c>dapr-app-id: orchestrator</c>) when there is
/// one, else at <c>Gateway:OrchestratorUrl</c> (configured in <see cref="DistributedExtensions"/>).
/// </summary>
internal sealed class OrchestratorClient(HttpClient http)
{
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        http.SendAsync(request, completion, cancellationToken);
}
