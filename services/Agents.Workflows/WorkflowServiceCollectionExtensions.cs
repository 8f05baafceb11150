using Agents.Workflows.Engine;
using Agents.Workflows.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agents.Workflows;

/// <summary>Registers the embedded workflow runtime.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: registrations and journal from <paramref name="configure"/>, an <see cref="IWorkflowClient"/>,
    /// and a hosted service that runs the engine. Uses the registered <see cref="TimeProvider"/> (default: system clock).
    /// </summary>
    public static IServiceCollection AddAgentsWorkflows(this IServiceCollection services, Action<WorkflowRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new WorkflowRuntimeOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WorkflowEngine(
            options, sp, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.AddSingleton<IWorkflowClient>(sp => new WorkflowClient(sp.GetRequiredService<WorkflowEngine>()));
        services.AddHostedService(sp => new WorkflowRuntimeHostedService(sp.GetRequiredService<WorkflowEngine>()));
        return services;
    }
}
