using Dapr.DurableTask.Protobuf;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Agents.Workflows.Backend;

/// <summary>
/// The server-side method objects of <c>TaskHubSidecarService</c>. The SDK's own method objects are internal
/// to its generated client, but the service descriptor and the message parsers are public: each method is
/// built from its descriptor, and checked against the message types the handler expects, so an SDK whose
/// service changed shape fails at start-up instead of at the first call.
/// </summary>
internal static class TaskHubMethods
{
    private static readonly ServiceDescriptor Service = TaskHubSidecarService.Descriptor;

    /// <summary>The path prefix the SDK calls: the service's full name (the proto file has no package).</summary>
    public static string ServiceName => Service.FullName;

    /// <summary>Every method the descriptor declares, so a test can prove none is left unbound.</summary>
    public static IReadOnlyList<string> DeclaredMethodNames => [.. Service.Methods.Select(m => m.Name)];

    public static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Create<TRequest, TResponse>(name, MethodType.Unary);

    public static Method<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Create<TRequest, TResponse>(name, MethodType.ServerStreaming);

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(string name, MethodType type)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"{ServiceName} declares no method '{name}'.");
        var declared = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        if (declared != type || method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new InvalidOperationException(
                $"{ServiceName}/{name} is {declared} {method.InputType.ClrType?.Name} -> {method.OutputType.ClrType?.Name}; "
                + $"the backend binds it as {type} {typeof(TRequest).Name} -> {typeof(TResponse).Name}.");
        }
        return new Method<TRequest, TResponse>(type, ServiceName, name,
            MarshallerFor((MessageParser<TRequest>)method.InputType.Parser),
            MarshallerFor((MessageParser<TResponse>)method.OutputType.Parser));
    }

    private static Marshaller<T> MarshallerFor<T>(MessageParser<T> parser)
        where T : class, IMessage<T> =>
        Marshallers.Create(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
