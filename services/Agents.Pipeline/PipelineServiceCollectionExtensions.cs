using Agents.Contracts;
using Agents.Llm;
using Agents.Pipeline;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Events;
using Agents.Pipeline.Hosting;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Operations;
using Agents.Pipeline.Storage;
using Agents.Pipeline.Workflows;
using Agents.Workflows.Backend;
using Dapr.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// The pipeline for a host that runs it (the gateway in embedded mode, the orchestrator): the workflow and its
    /// activities on the Dapr.Workflow SDK, the artifact store, the event publisher and feed, and <see cref="PipelineRuns"/>.
    /// The SDK talks to the embedded durable-task backend this host starts on loopback, or with
    /// <paramref name="daprSidecar"/> to daprd. With <c>ConnectionStrings:agents</c> the backend's journal, artifacts
    /// and events are in PostgreSQL, through the host's one data source (<c>AddAgentsDatabase</c>); otherwise in files
    /// under <c>Pipeline:DataDirectory</c>. The host adds the LLM layer (<c>AddAgentsLlm</c>) and a verification service
    /// (<c>AddAgentsSandbox</c> or <c>AddAgentsSandboxClient</c>); a host may register its own
    /// <see cref="IPipelineEventPublisher"/> first (e.g. Dapr pub/sub).
    /// </summary>
    public static IHostApplicationBuilder AddAgentsPipeline(this IHostApplicationBuilder builder, bool daprSidecar = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // The API's request contracts carry DataAnnotations; .NET 10 generates their validation for this project's endpoints.
        services.AddValidation();
        services.AddOptions<PipelineOptions>()
            .BindConfiguration(PipelineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        var usePostgres = builder.AddAgentsDataSource();
        var dataDirectory = DataDirectoryOf(builder.Configuration);
        if (usePostgres)
        {
            AddPipelineDatabase(services);
            services.AddSingleton<IArtifactStore, PostgresArtifactStore>();
        }
        else
        {
            services.AddSingleton<IArtifactStore>(_ => new FileArtifactStore(dataDirectory));
        }
        AddEventStore(services, usePostgres, dataDirectory);
        services.AddSingleton(sp => new StructuredLlm(sp.GetRequiredService<ILlmClients>()));
        services.AddSingleton<StepEvents>();
        services.AddSingleton<LlmStep>();
        services.AddSingleton(new PipelineRuntime { DataDirectory = usePostgres ? null : dataDirectory });
        services.AddHealthChecks().AddCheck<PipelineRuntimeHealthCheck>("pipelines");
        services.AddSingleton<PipelineRuns>();
        services.AddSingleton<IPipelineRunStatus>(sp => sp.GetRequiredService<PipelineRuns>());
        services.AddSingleton<IPipelineOperations, LocalPipelineOperations>();

        var hostedBefore = services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        services.AddDaprWorkflow(o =>
        {
            o.RegisterWorkflow<FullSdlcWorkflow>();
            o.RegisterActivity<CreatePlanActivity>();
            o.RegisterActivity<DesignTestsActivity>();
            o.RegisterActivity<GenerateCodeActivity>();
            o.RegisterActivity<RepairCodeActivity>();
            o.RegisterActivity<ReviewTestsActivity>();
            o.RegisterActivity<VerifyCodeActivity>();
            o.RegisterActivity<PublishEventActivity>();
            o.RegisterActivity<FinishPipelineActivity>();
        });
        services.AddSingleton<PipelineRuntimeClient>();

        // The SDK's worker would connect at host start, before the embedded backend it talks to exists, and would take
        // the whole host down with it: PipelineRuntimeHostedService starts the backend first, then the worker, and
        // degrades to "pipelines disabled" rather than taking the health endpoints and other APIs down.
        var sdkServices = services.Where(d => d.ServiceType == typeof(IHostedService)).Except(hostedBefore).ToList();
        foreach (var descriptor in sdkServices)
        {
            services.Remove(descriptor);
        }
        var sdkSettings = new SdkEndpointSettings();
        Action<IServiceProvider, TaskHubBackendOptions>? configureBackend = null;
        if (!daprSidecar)
        {
            // Added last, so the backend's address and token win over any DAPR_* the environment carries.
            builder.Configuration.Add(sdkSettings);
            // The TaskHub section tunes the backend (lease, owner name, payload caps); the store is the host's.
            configureBackend = (sp, o) =>
            {
                sp.GetRequiredService<IConfiguration>().GetSection(TaskHubBackendOptions.SectionName).Bind(o);
                if (usePostgres)
                {
                    o.PostgresDataSource = sp.GetRequiredService<NpgsqlDataSource>();
                }
                else
                {
                    o.JournalDirectory = Path.Combine(dataDirectory, "taskhub");
                }
            };
        }
        services.AddSingleton<IHostedService>(sp => new PipelineRuntimeHostedService(
            sp, sdkServices, configureBackend, sdkSettings,
            sp.GetRequiredService<PipelineRuntime>(),
            sp.GetRequiredService<ILogger<PipelineRuntimeHostedService>>()));
        return builder;
    }

    /// <summary>
    /// Only the event history and feed, for a host that streams a run's events without running it (the gateway in
    /// distributed mode, which receives them from the orchestrator): <see cref="IPipelineEventPublisher"/> stores an
    /// event once (by id) and wakes this process's readers; <see cref="IPipelineEventFeed"/> serves them. In
    /// PostgreSQL (<c>pipeline.events</c>) with <c>ConnectionStrings:agents</c>, otherwise in files under
    /// <c>Pipeline:DataDirectory</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsPipelineEventFeed(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        AddEventStore(builder.Services, builder.AddAgentsDataSource(), DataDirectoryOf(builder.Configuration));
        return builder;
    }

    /// <summary>
    /// For a host that sends the events it stores on to another service (the orchestrator, to the gateway): they are
    /// kept unrelayed in <c>pipeline.events</c> and <see cref="PipelineEventOutbox"/> hands them out in order until
    /// marked sent, surviving a crash of this process. Needs <c>ConnectionStrings:agents</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsPipelineEventOutbox(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.AddAgentsDataSource())
        {
            throw new InvalidOperationException($"The event outbox is in PostgreSQL: ConnectionStrings:{ServiceNames.AgentsDatabase} is required.");
        }
        AddPipelineDatabase(builder.Services);
        builder.Services.TryAddSingleton(sp => new PipelineEventOutbox(sp.GetRequiredService<PipelineDatabase>()));
        return builder;
    }

    private static void AddEventStore(IServiceCollection services, bool usePostgres, string dataDirectory)
    {
        if (usePostgres)
        {
            AddPipelineDatabase(services);
            services.AddSingleton<IPipelineEventStore>(sp => new PostgresPipelineEventStore(
                sp.GetRequiredService<PipelineDatabase>(), sp.GetService<PipelineEventOutbox>()));
        }
        else
        {
            services.AddSingleton<IPipelineEventStore>(_ => new FilePipelineEventStore(dataDirectory));
        }
        services.AddSingleton<EmbeddedPipelineEvents>();
        services.TryAddSingleton<IPipelineEventPublisher>(sp => sp.GetRequiredService<EmbeddedPipelineEvents>());
        services.TryAddSingleton<IPipelineEventFeed>(sp => sp.GetRequiredService<EmbeddedPipelineEvents>());
    }

    /// <summary>The pipeline's tables, over the shared data source: artifacts, events and the outbox use this one instance.</summary>
    private static void AddPipelineDatabase(IServiceCollection services) =>
        services.TryAddSingleton(sp => new PipelineDatabase(sp.GetRequiredService<NpgsqlDataSource>()));

    private static string DataDirectoryOf(IConfiguration configuration)
    {
        var configured = configuration[$"{PipelineOptions.SectionName}:{nameof(PipelineOptions.DataDirectory)}"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? PipelineOptions.DefaultDataDirectory : configured);
    }
}