using System.Text.Json;
using System.Text.RegularExpressions;
using Agents.Contracts;

namespace Agents.Deployment.Tests;

/// <summary>aspire-manifest.json (what the AppHost's manifest publisher writes, default broker) agrees with the AppHost and components/.</summary>
public sealed partial class ManifestTests
{
    public static TheoryData<string> Services() => new(ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox);

    [Theory]
    [MemberData(nameof(Services))]
    public void EveryService_HasAProjectResourceForAnExistingProject(string service)
    {
        using var manifest = Repo.Manifest();
        var project = manifest.Resources().GetProperty(service);

        Assert.Equal("project.v0", project.GetProperty("type").GetString());
        Assert.True(File.Exists(Repo.Path(project.GetProperty("path").GetString()!)), $"{service}: project file missing");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void EveryService_HasADaprSidecarWithItsAppIdAndThePublishedAppPort(string service)
    {
        using var manifest = Repo.Manifest();
        var dapr = manifest.Resources().GetProperty($"{service}-dapr");

        Assert.Equal("dapr.v0", dapr.GetProperty("type").GetString());
        var sidecar = dapr.GetProperty("dapr");
        Assert.Equal(service, sidecar.GetProperty("application").GetString());
        Assert.Equal(service, sidecar.GetProperty("appId").GetString());
        Assert.Equal(DeploymentPlan.PublishedAppPort, sidecar.GetProperty("appPort").GetInt32());
    }

    [Fact]
    public void Sidecars_BelongToProjectsOnly()
    {
        using var manifest = Repo.Manifest();
        var projects = manifest.OfType("project.v0").Select(p => p.Name).Order(StringComparer.Ordinal);
        var applications = manifest.OfType("dapr.v0").Select(d => d.Resource.GetProperty("dapr").GetProperty("application").GetString()).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox }, projects);
        Assert.Equal(projects, applications);
    }

    [Fact]
    public void DaprComponents_AreStateOrPubSub_AsAzdRequires_AndPointAtTheDefaultBrokersFiles()
    {
        using var manifest = Repo.Manifest();
        var components = manifest.OfType("dapr.component.v0").ToDictionary(c => c.Name, c => c.Resource.GetProperty("daprComponent"));

        Assert.Equal(new[] { ServiceNames.PubSub, ServiceNames.StateStore }, components.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pubsub", components[ServiceNames.PubSub].GetProperty("type").GetString());
        Assert.Equal("state", components[ServiceNames.StateStore].GetProperty("type").GetString());
        // The manifest writes local paths relative to itself (the repository root); the AppHost gives them relative to its directory.
        Assert.Equal(Repo.FromAppHost(DeploymentPlan.PubSubPath(Broker.Redis)), Repo.Path(components[ServiceNames.PubSub].GetProperty("localPath").GetString()!));
        Assert.Equal(Repo.FromAppHost(DeploymentPlan.StateStorePath(Broker.Redis)), Repo.Path(components[ServiceNames.StateStore].GetProperty("localPath").GetString()!));
    }

    [Fact]
    public void DaprComponents_MatchTheYamlTheyPointAt()
    {
        using var manifest = Repo.Manifest();
        foreach (var (name, resource) in manifest.OfType("dapr.component.v0"))
        {
            var declared = resource.GetProperty("daprComponent");
            var file = DaprComponentFile.Load(Repo.Path(declared.GetProperty("localPath").GetString()!));

            Assert.Equal(name, file.Name);
            Assert.StartsWith(declared.GetProperty("type").GetString() + ".", file.Type, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sidecars_ListDeclaredComponents_OnlyWhereTheComponentsScopesLetThemIn()
    {
        using var manifest = Repo.Manifest();
        var files = manifest.OfType("dapr.component.v0").ToDictionary(
            c => c.Name,
            c => DaprComponentFile.Load(Repo.Path(c.Resource.GetProperty("daprComponent").GetProperty("localPath").GetString()!)));

        foreach (var (name, resource) in manifest.OfType("dapr.v0"))
        {
            var sidecar = resource.GetProperty("dapr");
            var appId = sidecar.GetProperty("appId").GetString()!;
            var listed = sidecar.GetProperty("components").EnumerateArray().Select(c => c.GetString()!).ToList();

            Assert.Contains(ServiceNames.PubSub, listed);
            foreach (var component in listed)
            {
                Assert.True(files.TryGetValue(component, out var file), $"{name} lists an undeclared component '{component}'");
                Assert.True(file.Scopes.Count == 0 || file.Scopes.Contains(appId), $"{name} lists '{component}', whose scopes exclude {appId}");
            }
        }
    }

    [Fact]
    public void Connections_GoWhereTheArchitectureSays_AndTheSandboxGetsNone()
    {
        using var manifest = Repo.Manifest();
        var env = (string service) => manifest.Resources().GetProperty(service).GetProperty("env").EnumerateObject().Select(p => p.Name).ToHashSet();
        var agents = $"ConnectionStrings__{ServiceNames.AgentsDatabase}";
        var llm = $"ConnectionStrings__{ServiceNames.LlmConnection}";

        Assert.Contains(agents, env(ServiceNames.Orchestrator));
        Assert.Contains(llm, env(ServiceNames.Orchestrator));
        Assert.Contains(agents, env(ServiceNames.Gateway));
        Assert.DoesNotContain(llm, env(ServiceNames.Gateway));
        Assert.DoesNotContain(env(ServiceNames.Sandbox), v => v.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || v.StartsWith("AGENTS_", StringComparison.Ordinal));
        Assert.True(manifest.Resources().GetProperty(ServiceNames.LlmConnection).TryGetProperty("connectionString", out _));
        Assert.True(manifest.Resources().GetProperty(ServiceNames.AgentsDatabase).TryGetProperty("connectionString", out _));
    }

    [Fact]
    public void TheGateway_RunsDistributed_WithItsApiKeyHashFromASecretParameterWithoutDefault()
    {
        using var manifest = Repo.Manifest();
        var env = manifest.Resources().GetProperty(ServiceNames.Gateway).GetProperty("env");
        var parameter = manifest.Resources().GetProperty(DeploymentPlan.GatewayApiKeyParameter);
        var input = parameter.GetProperty("inputs").GetProperty("value");

        Assert.Equal(DeploymentPlan.GatewayMode, env.GetProperty("Gateway__Mode").GetString());
        Assert.Equal($"{{{DeploymentPlan.GatewayApiKeyParameter}.value}}", env.GetProperty("Gateway__ApiKeys__0__Sha256").GetString());
        Assert.Equal("parameter.v0", parameter.GetProperty("type").GetString());
        Assert.True(input.GetProperty("secret").GetBoolean());
        // No generated default: a random hash would lock everyone out; azd asks the operator for it.
        Assert.False(input.TryGetProperty("default", out _));
    }

    [Fact]
    public void TheOrchestrator_RunsTheDefaultWorkflowRuntime()
    {
        using var manifest = Repo.Manifest();
        var env = manifest.Resources().GetProperty(ServiceNames.Orchestrator).GetProperty("env");

        Assert.Equal(DeploymentPlan.ChooseWorkflows(null, Sidecars.Dapr), env.GetProperty("Orchestrator__Runtime").GetString());
        Assert.False(manifest.Resources().GetProperty(ServiceNames.Sandbox).GetProperty("env").TryGetProperty("Gateway__ApiKeys__0__Sha256", out _));
    }

    [Fact]
    public void OnlyTheGateway_IsReachableFromOutside()
    {
        using var manifest = Repo.Manifest();
        foreach (var (name, project) in manifest.OfType("project.v0"))
        {
            var external = project.GetProperty("bindings").EnumerateObject()
                .Any(b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean());
            Assert.Equal(name == ServiceNames.Gateway, external);
        }
    }

    [Fact]
    public void Expressions_ReferToResourcesInTheManifest()
    {
        var text = File.ReadAllText(Repo.Path("aspire-manifest.json"));
        using var manifest = Repo.Manifest();
        var names = manifest.Resources().EnumerateObject().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

        var referenced = ReferencePattern().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(referenced);
        Assert.Empty(referenced.Except(names));
    }

    [Fact]
    public void AzureYaml_DeploysTheAppHostProjectToContainerApps()
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repo.Path("azure.yaml"))));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        var app = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)root["services"])["app"];

        Assert.Equal("dotnet", app["language"].ToString());
        Assert.Equal("containerapp", app["host"].ToString());
        var project = app["project"].ToString();
        Assert.Equal(Repo.Path("AppHost", "AppHost.csproj"), Path.GetFullPath(Repo.Path(project)));
        Assert.True(File.Exists(Repo.Path(project)));
    }

    // {resource.connectionString}, {resource.bindings.tcp.host}, {parameter.value}…
    [GeneratedRegex(@"\{([A-Za-z0-9-]+)\.(?:connectionString|bindings|value|inputs)")]
    private static partial Regex ReferencePattern();
}
