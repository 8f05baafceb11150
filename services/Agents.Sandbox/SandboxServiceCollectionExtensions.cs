using Agents.Contracts;
using Agents.Sandbox;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Toolchains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers verification: in-process (<see cref="AddAgentsSandbox"/>) or over HTTP (<see cref="AddAgentsSandboxClient"/>).</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IVerificationService"/> running code in local bubblewrap sandboxes, configured from the
    /// <c>Sandbox</c> section (<see cref="SandboxOptions"/>, validated at start). With <paramref name="readinessCheck"/>,
    /// readiness (<c>/health</c>) also requires that code can run isolated: SandboxHost exists for that alone,
    /// whereas the gateway stays ready for its other APIs and answers <c>/api/verify</c> with 503 instead.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsSandbox(this IHostApplicationBuilder builder, bool readinessCheck = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!OperatingSystem.IsLinux())
        {
            // Isolation is bubblewrap and Linux namespaces; elsewhere use AddAgentsSandboxClient.
            throw new PlatformNotSupportedException("The in-process sandbox needs Linux (bubblewrap); use AddAgentsSandboxClient elsewhere.");
        }
        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SandboxInstance>();
        builder.Services.TryAddSingleton<SandboxRunner>();
        builder.Services.TryAddSingleton<SandboxSlots>();
        builder.Services.TryAddSingleton<OfflinePackageSource>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolchain, PythonToolchain>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolchain, JavaScriptToolchain>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolchain, CSharpToolchain>());
        builder.Services.TryAddSingleton<IVerificationService, VerificationService>();
        if (readinessCheck)
        {
            builder.Services.AddHealthChecks().AddCheck<SandboxHealthCheck>("sandbox");
        }
        AddJson(builder.Services);
        return builder;
    }

    /// <summary>
    /// <see cref="IVerificationService"/> calling SandboxHost at <c>http://sandbox</c>: through the local Dapr sidecar when
    /// there is one, else by service discovery (<c>services:sandbox:http:0</c>, required then: checked at start).
    /// </summary>
    public static IHostApplicationBuilder AddAgentsSandboxClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<SandboxClientOptions>()
            .Bind(configuration.GetSection(SandboxClientOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                _ => ServiceClients.CanReach(configuration, ServiceNames.Sandbox),
                $"The sandbox service cannot be reached: there is no Dapr sidecar, so {ServiceClients.DiscoverySetting(ServiceNames.Sandbox)} must be its http(s) URL (service discovery).")
            .ValidateOnStart();
        // A verification is a POST: sent once (ServiceDefaults' resilience handler never retries it), bounded here.
        builder.Services.AddHttpClient<IVerificationService, SandboxHttpClient>((services, http) =>
                http.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<SandboxClientOptions>>().Value.TimeoutSeconds))
            .AddServiceInvocation(configuration, ServiceNames.Sandbox);
        AddJson(builder.Services);
        return builder;
    }

    private static void AddJson(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            if (!o.SerializerOptions.TypeInfoResolverChain.Contains(AgentsJsonContext.Default))
            {
                o.SerializerOptions.TypeInfoResolverChain.Insert(0, AgentsJsonContext.Default);
            }
        });
}
