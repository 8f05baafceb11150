using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Agents.SdkWorkflows.Tests;

/// <summary>A server interceptor that completes once a call to <paramref name="method"/> reaches its handler.</summary>
internal sealed class CallEntered(string method) : Interceptor
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _entered.Task;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.EndsWith("/" + method, StringComparison.Ordinal))
        {
            _entered.TrySetResult();
        }

        return continuation(request, context);
    }
}
