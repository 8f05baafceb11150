using Agents.Grpc.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Agents.Client;

/// <summary>
/// Typed gRPC clients for a gateway, orchestrator or sandbox endpoint:
/// <code>
/// using var agents = AgentsClient.Create(new Uri("http://localhost:5101"), apiKey);
/// var id = (await agents.Workflows.StartPipelineAsync(new() { Requirements = "add(a, b)", Language = "python" })).Id;
/// await foreach (var e in agents.Workflows.StreamEvents(new() { RunId = id }).ResponseStream.ReadAllAsync()) Console.WriteLine(e);
/// </code>
/// </summary>
public sealed class AgentsClient : IDisposable
{
    private readonly GrpcChannel _channel;

    private AgentsClient(GrpcChannel channel)
    {
        _channel = channel;
        Workflows = new Workflows.WorkflowsClient(channel);
        Verification = new Verification.VerificationClient(channel);
    }

    public Workflows.WorkflowsClient Workflows { get; }

    public Verification.VerificationClient Verification { get; }

    /// <summary>A channel to <paramref name="address"/>; <paramref name="apiKey"/>, when given, goes as <c>authorization: Bearer</c> on every call.</summary>
    public static AgentsClient Create(Uri address, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = handler is null };
        if (!string.IsNullOrEmpty(apiKey))
        {
            var credentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + apiKey);
                return Task.CompletedTask;
            });
            options.Credentials = ChannelCredentials.Create(address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, credentials);
            // Call credentials on a cleartext channel are the point here: the gateway's keys travel over its own
            // transport, which is TLS in front of it in production and loopback in tests.
            options.UnsafeUseInsecureChannelCallCredentials = address.Scheme != Uri.UriSchemeHttps;
        }
        return new AgentsClient(GrpcChannel.ForAddress(address, options));
    }

    public void Dispose() => _channel.Dispose();
}
