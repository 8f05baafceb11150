using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agents.Workflows.Backend;

/// <summary>Registers and maps the embedded durable-task backend on an ASP.NET Core host.</summary>
public static class TaskHubBackendExtensions
{
    /// <summary>Adds the backend, its gRPC service and the token check; options are validated on start.</summary>
    public static IServiceCollection AddTaskHubBackend(this IServiceCollection services, Action<TaskHubBackendOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TaskHubBackendOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TaskHubBackend>();
        services.AddSingleton<TaskHubService>();
        services.AddSingleton<ApiTokenInterceptor>();
        services.AddSingleton<IServiceMethodProvider<TaskHubService>, TaskHubMethodProvider>();
        services.AddGrpc();
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<TaskHubBackendOptions>>((grpc, backend) =>
            {
                grpc.Interceptors.Add<ApiTokenInterceptor>();
                grpc.MaxReceiveMessageSize = backend.Value.MaxReceiveMessageBytes;
                grpc.EnableDetailedErrors = false;
            });
        return services;
    }

    /// <summary>Maps <c>/TaskHubSidecarService/*</c>.</summary>
    public static IEndpointRouteBuilder MapTaskHubBackend(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<TaskHubService>();
        return endpoints;
    }
}
