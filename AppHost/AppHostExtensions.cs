#pragma warning disable ASPIRECERTIFICATES001 // WithoutHttpsCertificate: the Dapr YAML talks plain TCP to Redis.

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CommunityToolkit.Aspire.Hosting.Dapr;

namespace Agents.Deployment;

/// <summary>The broker and model halves of the AppHost, one per choice; still wiring only.</summary>
internal static class AppHostExtensions
{
    /// <summary>
    /// Redis on the fixed host port of components/redis, without TLS. Its generated password (kept in user
    /// secrets, so it survives restarts) reaches daprd as an environment variable, never a file. Left out of the
    /// manifest: azd provisions its own Redis for the `state` and `pubsub` components.
    /// </summary>
    public static DaprSecrets AddRedisBroker(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IDaprComponentResource> pubSub,
        IResourceBuilder<IDaprComponentResource> stateStore)
    {
        var redis = builder.AddRedis("redis", port: DeploymentPlan.RedisHostPort)
            .WithoutHttpsCertificate()
            .ExcludeFromManifest();
        pubSub.WaitFor(redis);
        stateStore.WaitFor(redis);

        var password = redis.Resource.PasswordParameter
            ?? throw new InvalidOperationException("The Redis resource has no password parameter.");
        var environment = new Dictionary<string, object> { [DeploymentPlan.RedisPasswordVariable] = password };
        return new DaprSecrets(environment, environment);
    }

    /// <summary>
    /// Kafka on the fixed host port of components/kafka; state stays in PostgreSQL, whose pgx connection string
    /// reaches daprd as an environment variable. Left out of the manifest: azd has no Kafka mapping.
    /// </summary>
    public static DaprSecrets AddKafkaBroker(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IDaprComponentResource> pubSub,
        IResourceBuilder<IDaprComponentResource> stateStore,
        IResourceBuilder<PostgresServerResource> postgres,
        IResourceBuilder<PostgresDatabaseResource> database)
    {
        var kafka = builder.AddKafka("kafka", port: DeploymentPlan.KafkaHostPort).ExcludeFromManifest();
        pubSub.WaitFor(kafka);
        stateStore.WaitFor(database);

        // pgx keyword form: the state.postgresql component refuses Npgsql's `Host=…;` form.
        var server = postgres.Resource;
        var connection = ReferenceExpression.Create(
            $"host={server.Host} port={server.Port} user={server.UserNameReference} password={server.PasswordParameter} database={database.Resource.DatabaseName}");
        return new DaprSecrets(
            new Dictionary<string, object>(),
            new Dictionary<string, object> { [DeploymentPlan.StateStoreConnectionVariable] = connection });
    }

    /// <summary>Ollama with a data volume (models survive restarts), the chosen GPU, and the model as resource <paramref name="name"/>.</summary>
    public static IResourceBuilder<OllamaModelResource> AddOllamaModel(
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
    public static IResourceBuilder<IDaprSidecarResource> WithDaprEnvironment(
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
