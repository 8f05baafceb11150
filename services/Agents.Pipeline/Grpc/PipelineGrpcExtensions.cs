using Agents.Grpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Agents.Pipeline.Grpc;

/// <summary>Serves <c>agents.v1.Workflows</c> (with reflection and health) on the host's gRPC listener (<c>Grpc:Port</c>).</summary>
public static class PipelineGrpcExtensions
{
    /// <summary>The gRPC listener and services; the operations are the host's <c>IPipelineOperations</c>.</summary>
    public static WebApplicationBuilder AddPipelineGrpc(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAgentsGrpc();
        return builder;
    }

    /// <summary>Maps the service; the host adds its own conventions (the gateway: API keys) to what this returns.</summary>
    public static GrpcServiceEndpointConventionBuilder MapPipelineGrpc(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAgentsGrpcDefaults();
        return app.MapGrpcService<WorkflowsGrpcService>();
    }
}
