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

    [Theory]
    [InlineData(null, "embedded")]
    [InlineData(" ", "embedded")]
    [InlineData("Embedded", "embedded")]
    [InlineData("dapr", "dapr")]
    [InlineData("DAPR", "dapr")]
    public void ChooseWorkflows_KnownOrUnset_IsTheOrchestratorsRuntimeName(string? configured, string expected) =>
        Assert.Equal(expected, DeploymentPlan.ChooseWorkflows(configured));

    [Fact]
    public void ChooseWorkflows_UnknownValue_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlan.ChooseWorkflows("temporal"));

        Assert.Contains("Agents:Workflows", error.Message, StringComparison.Ordinal);
        Assert.Contains("embedded, dapr", error.Message, StringComparison.Ordinal);
    }
}
