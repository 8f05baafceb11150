#pragma warning disable ASPIRECERTIFICATES001 // WithoutHttpsCertificate: the Dapr YAML talks plain TCP to Redis.

using Agents.Contracts;
using CommunityToolkit.Aspire.Hosting.Dapr;
using Microsoft.Extensions.Configuration;

namespace Agents.Deployment;

/// <summary>
/// The AppHost's steps that need the hosting packages for Dapr sidecars, Ollama and Kafka. Compiled only with
/// <c>AgentsFullStack=true</c> (the default); where the feed lacks those packages, DeploymentPlan refuses the
/// choices that would reach here before any resource is added.
/// </summary>
internal static class FullStackExtensions
{
    public static void AddFullStack(
        this IDistributedApplicationBuilder builder,
        AgentsServices services,
        AgentsDatabase database,
        Broker broker,
        Sidecars sidecars,
        LlmSource llm,
        bool publishing)
    {
        if (sidecars == Sidecars.Dapr)
        {
            builder.AddDaprSidecars(services, database, broker, publishing);
        }
        if (llm == LlmSource.Ollama)
        {
            services.Orchestrator.WithReference(builder.AddOllamaModel(
                ServiceNames.LlmConnection,
                DeploymentPlan.ChooseGpu(builder.Configuration[DeploymentPlan.GpuKey]),
                DeploymentPlan.ChooseModel(builder.Configuration[DeploymentPlan.ModelKey])));
        }
    }

    /// <summary>
    /// Every service with a sidecar bound to the chosen broker's components (the sandbox to pub/sub only: its
    /// YAML scopes exclude it from the state store too), and the broker behind them.
    /// </summary>
    private static void AddDaprSidecars(this IDistributedApplicationBuilder builder, AgentsServices services, AgentsDatabase database, Broker broker, bool publishing)
    {
        var pubSub = builder.AddDaprPubSub(ServiceNames.PubSub, new DaprComponentOptions { LocalPath = DeploymentPlan.PubSubPath(broker) });
        var stateStore = builder.AddDaprStateStore(ServiceNames.StateStore, new DaprComponentOptions { LocalPath = DeploymentPlan.StateStorePath(broker) });
        var secrets = broker == Broker.Redis
            ? builder.AddRedisBroker(pubSub, stateStore)
            : builder.AddKafkaBroker(pubSub, stateStore, database);
        var appPort = DeploymentPlan.SidecarAppPort(publishing);

        services.Gateway.WithDaprSidecar(sidecar => sidecar
            .WithOptions(new DaprSidecarOptions { AppId = ServiceNames.Gateway, AppPort = appPort })
            .WithReference(pubSub).WithReference(stateStore)
            .WithDaprEnvironment(secrets.PubSub).WithDaprEnvironment(secrets.StateStore));
        services.Orchestrator.WithDaprSidecar(sidecar => sidecar
            .WithOptions(new DaprSidecarOptions { AppId = ServiceNames.Orchestrator, AppPort = appPort })
            .WithReference(pubSub).WithReference(stateStore)
            .WithDaprEnvironment(secrets.PubSub).WithDaprEnvironment(secrets.StateStore));
        // The sandbox is a gRPC app to its sidecar: daprd proxies the orchestrator's Verification calls to its gRPC endpoint.
        services.Sandbox.WithDaprSidecar(sidecar => sidecar
            .WithOptions(new DaprSidecarOptions
            {
                AppId = ServiceNames.Sandbox,
                AppPort = DeploymentPlan.GrpcTargetPort(publishing),
                AppProtocol = "grpc",
                AppEndpoint = DeploymentPlan.GrpcEndpoint,
            })
            .WithReference(pubSub)
            .WithDaprEnvironment(secrets.PubSub));
    }

    /// <summary>
    /// Redis for pub/sub and state: a container on the fixed host port of components/redis without TLS, whose
    /// generated password (kept in user secrets, so it survives restarts) reaches daprd as an environment variable,
    /// never a file; or the existing server of <c>ConnectionStrings:redis</c>. Left out of the manifest: azd
    /// provisions its own Redis for the `state` and `pubsub` components.
    /// </summary>
    private static DaprSecrets AddRedisBroker(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IDaprComponentResource> pubSub,
        IResourceBuilder<IDaprComponentResource> stateStore)
    {
        var environment = new Dictionary<string, object>();
        var existing = builder.Configuration.GetConnectionString(DeploymentPlan.RedisConnection);
        if (DeploymentPlan.ChooseInfrastructure(builder.Configuration[DeploymentPlan.InfrastructureKey]) == Infrastructure.Existing)
        {
            var (host, password) = DeploymentPlan.ParseRedisConnection(existing
                ?? throw new InvalidOperationException($"{DeploymentPlan.InfrastructureKey} is 'existing' with the Redis broker, so ConnectionStrings:{DeploymentPlan.RedisConnection} must name the Redis server (host:port[,password=…])."));
            environment[DeploymentPlan.RedisHostVariable] = host;
            environment[DeploymentPlan.RedisPasswordVariable] = password ?? string.Empty;
            return new DaprSecrets(environment, environment);
        }

        var redis = builder.AddRedis("redis", port: DeploymentPlan.RedisHostPort)
            .WithoutHttpsCertificate()
            .ExcludeFromManifest();
        pubSub.WaitFor(redis);
        stateStore.WaitFor(redis);
        environment[DeploymentPlan.RedisHostVariable] = $"localhost:{DeploymentPlan.RedisHostPort}";
        environment[DeploymentPlan.RedisPasswordVariable] = redis.Resource.PasswordParameter
            ?? throw new InvalidOperationException("The Redis resource has no password parameter.");
        return new DaprSecrets(environment, environment);
    }

    /// <summary>
    /// Kafka on the fixed host port of components/kafka; state stays in PostgreSQL, whose pgx connection string
    /// reaches daprd as an environment variable. Left out of the manifest: azd has no Kafka mapping.
    /// </summary>
    private static DaprSecrets AddKafkaBroker(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IDaprComponentResource> pubSub,
        IResourceBuilder<IDaprComponentResource> stateStore,
        AgentsDatabase database)
    {
        var kafka = builder.AddKafka("kafka", port: DeploymentPlan.KafkaHostPort).ExcludeFromManifest();
        pubSub.WaitFor(kafka);
        stateStore.WaitFor(database.Connection);

        // pgx keyword form: the state.postgresql component refuses Npgsql's `Host=…;` form.
        object connection = database.Server is { } server
            ? ReferenceExpression.Create(
                $"host={server.Resource.Host} port={server.Resource.Port} user={server.Resource.UserNameReference} password={server.Resource.PasswordParameter} database={ServiceNames.AgentsDatabase}")
            : DeploymentPlan.ToPgxConnection(builder.Configuration.GetConnectionString(ServiceNames.AgentsDatabase)
                ?? throw new InvalidOperationException($"{DeploymentPlan.InfrastructureKey} is 'existing', so ConnectionStrings:{ServiceNames.AgentsDatabase} must name the PostgreSQL database."));
        return new DaprSecrets(
            new Dictionary<string, object>(),
            new Dictionary<string, object> { [DeploymentPlan.StateStoreConnectionVariable] = connection });
    }

    /// <summary>Ollama with a data volume (models survive restarts), the chosen GPU, and the model as resource <paramref name="name"/>.</summary>
    private static IResourceBuilder<OllamaModelResource> AddOllamaModel(
        this IDistributedApplicationBuilder builder, string name, GpuVendor gpu, string model)
    {
        var ollama = builder.AddOllama("ollama").WithDataVolume();
        if (gpu != GpuVendor.None)
        {
            ollama.WithGPUSupport(gpu == GpuVendor.Amd ? OllamaGpuVendor.AMD : OllamaGpuVendor.Nvidia);
        }
        return ollama.AddModel(name, model);
    }

    /// <summary>
    /// Environment for the sidecar's daprd. The Dapr toolkit copies the sidecar's environment callbacks onto the
    /// `dapr run` process it starts; the sidecar resource itself has no WithEnvironment.
    /// </summary>
    private static IResourceBuilder<IDaprSidecarResource> WithDaprEnvironment(
        this IResourceBuilder<IDaprSidecarResource> sidecar, IReadOnlyDictionary<string, object> environment)
    {
        return sidecar.WithAnnotation(new EnvironmentCallbackAnnotation((Dictionary<string, object> variables) =>
        {
            foreach (var (name, value) in environment)
            {
                variables[name] = value;
            }
        }));
    }
}
