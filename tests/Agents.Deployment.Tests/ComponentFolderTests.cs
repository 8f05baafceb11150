using Agents.Contracts;

namespace Agents.Deployment.Tests;

/// <summary>components/: each folder is the complete set one sidecar loads, and agrees with the AppHost.</summary>
public sealed class ComponentFolderTests
{
    public static TheoryData<string> Folders() => new(FolderNames());

    public static TheoryData<string> BrokerFolders() => new(Enum.GetValues<Broker>().Select(b => Path.GetFileName(DeploymentPlan.ComponentsFolder(b))));

    [Fact]
    public void ComponentsRoot_HoldsTheBrokerFoldersAndThePostgresStateStore() =>
        Assert.Equal(new[] { "kafka", "postgres", "redis" }, FolderNames());

    [Theory]
    [MemberData(nameof(Folders))]
    public void EveryComponent_IsAWellFormedDaprComponent(string folder)
    {
        foreach (var component in DaprComponentFile.LoadFolder(Path.Combine(Repo.ComponentsRoot, folder)))
        {
            Assert.Equal("dapr.io/v1alpha1", component.ApiVersion);
            Assert.Equal("Component", component.Kind);
            Assert.Equal("v1", component.Version);
            Assert.True(component.IsPubSub || component.IsStateStore, $"{component.Path}: {component.Type} is neither pub/sub nor state");
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void EveryFolder_HasExactlyOneActorStateStoreAndAtMostOnePubSub_UnderTheSharedNames(string folder)
    {
        var components = DaprComponentFile.LoadFolder(Path.Combine(Repo.ComponentsRoot, folder));

        // Dapr Workflow needs exactly one actor state store in what a sidecar loads.
        var state = Assert.Single(components, c => c.IsStateStore);
        Assert.True(state.IsActorStateStore, $"{state.Path} is not the actor state store");
        Assert.Equal(ServiceNames.StateStore, state.Name);
        Assert.True(components.Count(c => c.IsPubSub) <= 1);
        Assert.All(components.Where(c => c.IsPubSub), c => Assert.Equal(ServiceNames.PubSub, c.Name));
    }

    [Theory]
    [MemberData(nameof(BrokerFolders))]
    public void BrokerFolder_HasExactlyOnePubSub(string folder)
    {
        var components = DaprComponentFile.LoadFolder(Path.Combine(Repo.ComponentsRoot, folder));

        Assert.Single(components, c => c.IsPubSub);
        Assert.Equal(2, components.Count);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Secrets_AreNeverWrittenInTheFiles_OnlyReadFromVariablesTheAppHostSets(string folder)
    {
        string[] setByAppHost = [DeploymentPlan.RedisHostVariable, DeploymentPlan.RedisPasswordVariable, DeploymentPlan.StateStoreConnectionVariable];
        foreach (var component in DaprComponentFile.LoadFolder(Path.Combine(Repo.ComponentsRoot, folder)))
        {
            foreach (var (name, entry) in component.Metadata)
            {
                if (name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Equals("connectionString", StringComparison.Ordinal))
                {
                    Assert.True(entry.Value is null && (entry.EnvRef is not null || entry.HasSecretKeyRef), $"{component.Path}: '{name}' holds a value in the file");
                }
                if (entry.EnvRef is { } variable)
                {
                    Assert.Contains(variable, setByAppHost);
                    Assert.False(variable.StartsWith("DAPR_", StringComparison.Ordinal), "daprd refuses envRef names starting with DAPR_");
                }
            }
        }
    }

    [Fact]
    public void RedisComponents_ReadHostAndPasswordFromTheAppHostsVariables_WithoutTls()
    {
        foreach (var component in DaprComponentFile.LoadFolder(Repo.FromAppHost(DeploymentPlan.ComponentsFolder(Broker.Redis))))
        {
            // The container on the fixed port, or an existing server (Agents:Infrastructure=existing): the AppHost says which.
            Assert.Equal(DeploymentPlan.RedisHostVariable, component.Metadata["redisHost"].EnvRef);
            Assert.Equal("false", component.Value("enableTLS"));
            Assert.Equal(DeploymentPlan.RedisPasswordVariable, component.Metadata["redisPassword"].EnvRef);
        }
    }

    [Fact]
    public void KafkaPubSub_UsesTheAppHostsFixedPort()
    {
        var pubSub = DaprComponentFile.Load(Repo.FromAppHost(DeploymentPlan.PubSubPath(Broker.Kafka)));

        Assert.Equal("pubsub.kafka", pubSub.Type);
        Assert.Equal($"localhost:{DeploymentPlan.KafkaHostPort}", pubSub.Value("brokers"));
        Assert.Equal("none", pubSub.Value("authType"));
    }

    [Fact]
    public void KafkaStateStore_IsThePostgresStateStore()
    {
        var kafka = DaprComponentFile.Load(Repo.FromAppHost(DeploymentPlan.StateStorePath(Broker.Kafka)));
        var postgres = DaprComponentFile.Load(Path.Combine(Repo.ComponentsRoot, "postgres", "statestore.yaml"));

        Assert.Equal("state.postgresql", kafka.Type);
        Assert.Equal(postgres with { Path = kafka.Path, Metadata = kafka.Metadata, Scopes = kafka.Scopes }, kafka);
        Assert.Equal(postgres.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal), kafka.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal));
        Assert.Equal(postgres.Scopes, kafka.Scopes);
        Assert.Equal(DeploymentPlan.StateStoreConnectionVariable, kafka.Metadata["connectionString"].EnvRef);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void StateStores_AreScopedToGatewayAndOrchestrator_NeverTheSandbox(string folder)
    {
        var state = Assert.Single(DaprComponentFile.LoadFolder(Path.Combine(Repo.ComponentsRoot, folder)), c => c.IsStateStore);

        Assert.Equal(new[] { ServiceNames.Gateway, ServiceNames.Orchestrator }, state.Scopes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(ServiceNames.Sandbox, state.Scopes);
    }

    private static string[] FolderNames() =>
        Directory.GetDirectories(Repo.ComponentsRoot).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray();
}
