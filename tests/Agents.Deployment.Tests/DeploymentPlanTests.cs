namespace Agents.Deployment.Tests;

/// <summary>The AppHost's decisions (AppHost/DeploymentPlan.cs, compiled in here).</summary>
public sealed class DeploymentPlanTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ChooseBroker_Unset_IsRedis(string? configured) =>
        Assert.Equal(Broker.Redis, DeploymentPlan.ChooseBroker(configured));

    [Theory]
    [InlineData("redis", Broker.Redis)]
    [InlineData("Redis", Broker.Redis)]
    [InlineData("kafka", Broker.Kafka)]
    [InlineData("KAFKA", Broker.Kafka)]
    [InlineData(" kafka ", Broker.Kafka)]
    public void ChooseBroker_KnownName_AnyCase_IsThatBroker(string configured, Broker expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseBroker(configured));

    [Theory]
    [InlineData("rabbitmq")]
    [InlineData("ollama")]
    [InlineData("redis,kafka")]
    public void ChooseBroker_UnknownValue_ThrowsAMessageNamingKeyValueAndChoices(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseBroker(configured));

        Assert.Contains("Agents:Broker", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{configured}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("redis, kafka", error.Message, StringComparison.Ordinal);
        Assert.Contains("--Agents:Broker=redis", error.Message, StringComparison.Ordinal);
        Assert.Contains("Agents__Broker=redis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, LlmSource.Ollama)]
    [InlineData(true, LlmSource.External)]
    public void ChooseLlm_Unset_IsOllamaWhenRunningAndExternalWhenPublishing(bool isPublishMode, LlmSource expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseLlm(null, isPublishMode));

    [Theory]
    [InlineData("external", false, LlmSource.External)]
    [InlineData("External", true, LlmSource.External)]
    [InlineData("ollama", true, LlmSource.Ollama)]
    [InlineData("OLLAMA", false, LlmSource.Ollama)]
    public void ChooseLlm_Configured_WinsOverTheMode(string configured, bool isPublishMode, LlmSource expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseLlm(configured, isPublishMode));

    [Fact]
    public void ChooseLlm_UnknownValue_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseLlm("openai", isPublishMode: false));

        Assert.Contains("Agents:Llm", error.Message, StringComparison.Ordinal);
        Assert.Contains("ollama, external", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, GpuVendor.Nvidia)]
    [InlineData("nvidia", GpuVendor.Nvidia)]
    [InlineData("AMD", GpuVendor.Amd)]
    [InlineData("none", GpuVendor.None)]
    public void ChooseGpu_ReadsVendorOrNone(string? configured, GpuVendor expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseGpu(configured));

    [Fact]
    public void ChooseGpu_UnknownValue_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseGpu("intel"));

        Assert.Contains("Agents:Gpu", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, DeploymentPlan.DefaultModel)]
    [InlineData(" ", DeploymentPlan.DefaultModel)]
    [InlineData("llama3.1:8b", "llama3.1:8b")]
    public void ChooseModel_DefaultsUnlessConfigured(string? configured, string expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseModel(configured));

    [Theory]
    [InlineData(Broker.Redis, "redis")]
    [InlineData(Broker.Kafka, "kafka")]
    public void ComponentPaths_ResolveFromTheAppHostDirectoryToTheBrokersFolder(Broker broker, string folder)
    {
        var expected = Repo.Path("components", folder);

        Assert.Equal(expected, Repo.FromAppHost(DeploymentPlan.ComponentsFolder(broker)));
        Assert.Equal(Path.Combine(expected, "pubsub.yaml"), Repo.FromAppHost(DeploymentPlan.PubSubPath(broker)));
        Assert.Equal(Path.Combine(expected, "statestore.yaml"), Repo.FromAppHost(DeploymentPlan.StateStorePath(broker)));
        Assert.True(File.Exists(Repo.FromAppHost(DeploymentPlan.PubSubPath(broker))));
        Assert.True(File.Exists(Repo.FromAppHost(DeploymentPlan.StateStorePath(broker))));
    }

    [Fact]
    public void SidecarAppPort_IsFixedOnlyWhenPublishing()
    {
        Assert.Equal(DeploymentPlan.PublishedAppPort, DeploymentPlan.SidecarAppPort(isPublishMode: true));
        Assert.Null(DeploymentPlan.SidecarAppPort(isPublishMode: false));
    }

    [Fact]
    public void GrpcTargetPort_IsFixedOnlyWhenPublishing_BesideTheAppPort()
    {
        Assert.Equal(DeploymentPlan.PublishedGrpcPort, DeploymentPlan.GrpcTargetPort(isPublishMode: true));
        Assert.NotEqual(DeploymentPlan.PublishedAppPort, DeploymentPlan.PublishedGrpcPort);
        Assert.Null(DeploymentPlan.GrpcTargetPort(isPublishMode: false));
    }

    [Theory]
    [InlineData(null, "embedded")]
    [InlineData(" ", "embedded")]
    [InlineData("Embedded", "embedded")]
    [InlineData("dapr", "dapr")]
    [InlineData("DAPR", "dapr")]
    public void ChooseWorkflows_KnownOrUnset_IsTheOrchestratorsRuntimeName(string? configured, string expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseWorkflows(configured, Sidecars.Dapr));

    [Fact]
    public void ChooseWorkflows_UnknownValue_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseWorkflows("temporal", Sidecars.Dapr));

        Assert.Contains("Agents:Workflows", error.Message, StringComparison.Ordinal);
        Assert.Contains("embedded, dapr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseWorkflows_DaprWithoutSidecars_ThrowsNamingBothKeys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseWorkflows("dapr", Sidecars.None));

        Assert.Contains("Agents:Workflows", error.Message, StringComparison.Ordinal);
        Assert.Contains("Agents:Sidecars", error.Message, StringComparison.Ordinal);
        Assert.Equal("embedded", DeploymentPlan.ChooseWorkflows(null, Sidecars.None));
    }

    [Theory]
    [InlineData(null, Sidecars.Dapr)]
    [InlineData("dapr", Sidecars.Dapr)]
    [InlineData(" None ", Sidecars.None)]
    public void ChooseSidecars_KnownOrUnset_IsTheChoice(string? configured, Sidecars expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseSidecars(configured));

    [Theory]
    [InlineData(null, Infrastructure.Containers)]
    [InlineData("CONTAINERS", Infrastructure.Containers)]
    [InlineData("existing", Infrastructure.Existing)]
    public void ChooseInfrastructure_KnownOrUnset_IsTheChoice(string? configured, Infrastructure expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseInfrastructure(configured));

    [Fact]
    public void ChooseSidecarsAndInfrastructure_UnknownValues_ThrowNamingTheKeyAndTheAcceptedValues()
    {
        var sidecars = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseSidecars("istio"));
        var infrastructure = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseInfrastructure("cloud"));

        Assert.Contains("'Agents:Sidecars' is 'istio'", sidecars.Message, StringComparison.Ordinal);
        Assert.Contains("dapr, none", sidecars.Message, StringComparison.Ordinal);
        Assert.Contains("'Agents:Infrastructure' is 'cloud'", infrastructure.Message, StringComparison.Ordinal);
        Assert.Contains("containers, existing", infrastructure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireFullStackFor_WithoutTheFullStack_RefusesSidecarsAndOllama_NamingTheSettingAndTheProperty()
    {
        var sidecars = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.RequireFullStackFor(Sidecars.Dapr, LlmSource.External, fullStackBuilt: false));
        var ollama = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.RequireFullStackFor(Sidecars.None, LlmSource.Ollama, fullStackBuilt: false));

        Assert.Contains("Agents:Sidecars", sidecars.Message, StringComparison.Ordinal);
        Assert.Contains("--Agents:Sidecars=none", sidecars.Message, StringComparison.Ordinal);
        Assert.Contains("AgentsFullStack=false", sidecars.Message, StringComparison.Ordinal);
        Assert.Contains("--Agents:Llm=external", ollama.Message, StringComparison.Ordinal);
        Assert.Contains("AgentsFullStack=false", ollama.Message, StringComparison.Ordinal);
        // Without sidecars and with an external model nothing needs the missing packages; with them, everything is allowed.
        DeploymentPlan.RequireFullStackFor(Sidecars.None, LlmSource.External, fullStackBuilt: false);
        DeploymentPlan.RequireFullStackFor(Sidecars.Dapr, LlmSource.Ollama, fullStackBuilt: true);
    }

    [Theory]
    [InlineData("localhost:6379", "localhost:6379", null)]
    [InlineData("cache.internal:6380,password=s3cr=t,ssl=false", "cache.internal:6380", "s3cr=t")]
    [InlineData("ssl=false, redis:6379 ,Password=p", "redis:6379", "p")]
    public void ParseRedisConnection_SplitsHostAndPassword(string connection, string host, string? password) =>
        Assert.Equal((host, password), DeploymentPlan.ParseRedisConnection(connection));

    [Fact]
    public void ParseRedisConnection_WithoutAHost_ThrowsNamingTheConnectionString()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ParseRedisConnection("password=p"));

        Assert.Contains("ConnectionStrings:redis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Port=5433;Username=agents;Password=pw;Database=agents", "host=db port=5433 user=agents password=pw database=agents")]
    [InlineData("Server=db; User ID=u; Password=a b'c; Database=agents; Pooling=false", "host=db user=u password='a b\\'c' database=agents")]
    public void ToPgxConnection_RewritesNpgsqlKeys_AndQuotesValuesPgxWouldSplit(string npgsql, string pgx) =>
        Assert.Equal(pgx, DeploymentPlan.ToPgxConnection(npgsql));
}
