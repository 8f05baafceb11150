using Agents.Grpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agents.Sandbox.Grpc;

/// <summary>Serves <c>agents.v1.Verification</c> (with reflection and health) on the host's gRPC listener.</summary>
public static class SandboxGrpcExtensions
{
    public static WebApplicationBuilder AddSandboxGrpc(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAgentsGrpc();
        builder.AddVerificationGrpcLimits();
        return builder;
    }

    /// <summary>For a host that serves Verification beside other gRPC services (the gateway): its message size limit.</summary>
    public static IHostApplicationBuilder AddVerificationGrpcLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The same ceiling as the HTTP body limit: the files' own limit with room for the framing. Read from the
        // raw setting, not the validated options: the service binds its methods while mapping, before the start-up
        // validation reports a bad Sandbox setting as exit 2.
        var maxTotalBytes = int.TryParse(builder.Configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.MaxTotalBytes)}"], out var configured) && configured > 0
            ? configured
            : new SandboxOptions().MaxTotalBytes;
        builder.Services.Configure<GrpcServiceOptions<VerificationGrpcService>>(grpc => grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, 2L * maxTotalBytes + 64 * 1024));
        return builder;
    }

    public static IEndpointRouteBuilder MapSandboxGrpc(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<VerificationGrpcService>();
        app.MapAgentsGrpcDefaults();
        return app;
    }
}
