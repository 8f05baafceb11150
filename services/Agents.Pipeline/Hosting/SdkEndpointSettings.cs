using Microsoft.Extensions.Configuration;

namespace Agents.Pipeline.Hosting;

/// <summary>
/// The Dapr SDK's own settings (<c>DAPR_GRPC_ENDPOINT</c>, <c>DAPR_API_TOKEN</c>) for the embedded backend, as a
/// configuration source of the host. Empty until the backend has started: its port and token exist only then, and the
/// SDK reads them when its gRPC client is first created, which <see cref="PipelineRuntimeHostedService"/> delays until
/// after <see cref="Publish"/>.
/// </summary>
internal sealed class SdkEndpointSettings : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Publish(IReadOnlyDictionary<string, string?> settings)
    {
        Data = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}
