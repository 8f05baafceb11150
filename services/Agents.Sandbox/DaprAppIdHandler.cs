namespace Agents.Sandbox;

/// <summary>
/// Adds <c>dapr-app-id</c> to every gRPC call sent to the local sidecar's gRPC port: daprd's gRPC proxying forwards a
/// call carrying it to that app instead of serving it as its own API. gRPC metadata are HTTP/2 headers, so one handler
/// covers every call type.
/// </summary>
internal sealed class DaprAppIdHandler(string appId) : DelegatingHandler
{
    public const string Header = "dapr-app-id";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(Header, appId);
        return base.SendAsync(request, cancellationToken);
    }
}
