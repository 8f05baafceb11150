using Agents.Contracts;
using Agents.Grpc.V1;
using Agents.Sandbox;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Toolchains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers verification: in-process (<see cref="AddAgentsSandbox"/>) or over gRPC/HTTP (<see cref="AddAgentsSandboxClient"/>).</summary>
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
    /// <see cref="IVerificationService"/> calling SandboxHost, by <c>SandboxClient:Protocol</c>: over gRPC
    /// (<see cref="SandboxGrpcClient"/>, the default) through the local Dapr sidecar's gRPC API with
    /// <c>dapr-app-id: sandbox</c> when there is a sidecar, else at <c>services:sandbox:grpc:0</c>; or over HTTP
    /// (<see cref="SandboxHttpClient"/>) at <c>http://sandbox</c>, through the sidecar or at <c>services:sandbox:http:0</c>.
    /// The address the protocol needs is required: checked at start.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsSandboxClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<SandboxClientOptions>()
            .Bind(configuration.GetSection(SandboxClientOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => o.Protocol != SandboxClientProtocols.Http || ServiceClients.CanReach(configuration, ServiceNames.Sandbox),
                $"The sandbox service cannot be reached: there is no Dapr sidecar, so {ServiceClients.DiscoverySetting(ServiceNames.Sandbox)} must be its http(s) URL (service discovery).")
            .Validate(
                o => o.Protocol != SandboxClientProtocols.Grpc || ServiceClients.HasDaprSidecar(configuration) || SandboxGrpcAddress.HasDiscoverySetting(configuration),
                SandboxGrpcAddress.MissingDiscoverySetting)
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The client is chosen while registering, from the raw setting; a value that is neither stops the host at
        // start (the validation above names SandboxClient:Protocol), so the gRPC client registered for it never runs.
        if (string.Equals(configuration[$"{SandboxClientOptions.SectionName}:{nameof(SandboxClientOptions.Protocol)}"], SandboxClientProtocols.Http, StringComparison.Ordinal))
        {
            // A verification is a POST: sent once (ServiceDefaults' resilience handler never retries it), bounded here.
            builder.Services.AddHttpClient<IVerificationService, SandboxHttpClient>((services, http) =>
                    http.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<SandboxClientOptions>>().Value.TimeoutSeconds))
                .AddServiceInvocation(configuration, ServiceNames.Sandbox);
        }
        else
        {
            AddSandboxGrpcClient(builder.Services, configuration);
        }
        AddJson(builder.Services);
        return builder;
    }

    private static void AddSandboxGrpcClient(IServiceCollection services, IConfiguration configuration)
    {
        var sidecar = SandboxGrpcAddress.Sidecar(configuration);
        // Through the sidecar the address is daprd's own; service discovery (ServiceDefaults' handler in the factory's
        // pipeline) leaves it as it is and resolves _grpc.sandbox otherwise.
        var grpc = services.AddGrpcClient<Verification.VerificationClient>(o => o.Address = sidecar ?? SandboxGrpcAddress.Discovered)
            .ConfigureChannel(channel =>
            {
                // Results carry proofs and findings for at most the sandbox's file limit; the default 4 MB can be less.
                channel.MaxReceiveMessageSize = SandboxGrpcClient.MaxMessageBytes;
                // The sandbox enforces its own (configurable) request limit and answers RESOURCE_EXHAUSTED above it.
                channel.MaxSendMessageSize = null;
                // Cancelled by the caller reads as OperationCanceledException, as over HTTP, not as a status.
                channel.ThrowOperationCanceledOnCancellation = true;
            });
        if (sidecar is not null)
        {
            grpc.AddHttpMessageHandler(() => new DaprAppIdHandler(ServiceNames.Sandbox));
        }
        services.AddTransient<IVerificationService, SandboxGrpcClient>();
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
