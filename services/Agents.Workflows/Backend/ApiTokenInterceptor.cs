using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Agents.Workflows.Backend;

/// <summary>
/// Refuses every call that does not carry the backend's token in <c>dapr-api-token</c> (the header daprd checks
/// and the SDK sends): the port is on loopback, but any local process could otherwise drive the workflows.
/// </summary>
internal sealed class ApiTokenInterceptor(IOptions<TaskHubBackendOptions> options) : Interceptor
{
    public const string HeaderName = "dapr-api-token";
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.ApiToken);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        var presented = context.RequestHeaders.GetValue(HeaderName);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"The call carries no valid {HeaderName}."));
        }
    }
}
