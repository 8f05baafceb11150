using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Agents.Workflows.Backend;

/// <summary>
/// Refuses every call that does not carry the backend's token in <c>dapr-api-token</c> (the header daprd checks
/// and the SDK sends): the port is on loopback, but any local process could otherwise drive the workflows.
/// Once the backend has lost its lease on a shared store, every call is Unavailable, naming why.
/// </summary>
internal sealed class ApiTokenInterceptor(IOptions<TaskHubBackendOptions> options, TaskHubBackend backend) : Interceptor
{
    public const string HeaderName = "dapr-api-token";
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.ApiToken);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (TaskHubLeaseLostException ex)
        {
            // The write was fenced: nothing of it is stored, and this process serves no more.
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
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
        if (backend.Fault is { } fault)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, fault));
        }
    }
}
