using System.Text.Json;
using System.Text.RegularExpressions;
using Agents.Contracts;

namespace Agents.Deployment.Tests;

/// <summary>
/// aspire-manifest.json (what the AppHost's manifest publisher writes with <c>--Agents:Sidecars=none</c>; a test in
/// Agents.AppHost.Tests compares it with a fresh publish) says what a deployment needs: connections, secrets, endpoints.
/// </summary>
public sealed partial class ManifestTests
{
    [Theory]
    [InlineData(ServiceNames.Gateway)]
    [InlineData(ServiceNames.Orchestrator)]
    public void TheGatewayAndTheOrchestrator_AreProjectResourcesForExistingProjects(string service)
    {
        using var manifest = Repo.Manifest();
        var project = manifest.Resources().GetProperty(service);

        Assert.Equal("project.v0", project.GetProperty("type").GetString());
        Assert.True(File.Exists(Repo.Path(project.GetProperty("path").GetString()!)), $"{service}: project file missing");
    }

    [Fact]
    public void TheSandbox_IsBuiltFromItsDockerfile_FromTheRepositoryRoot_WithTheToolchainsItRuns()
    {
        using var manifest = Repo.Manifest();
        var sandbox = manifest.Resources().GetProperty(ServiceNames.Sandbox);
        var build = sandbox.GetProperty("build");

        Assert.Equal("container.v1", sandbox.GetProperty("type").GetString());
        Assert.Equal(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(Repo.Path())),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(Repo.Path(build.GetProperty("context").GetString()!))));
        var dockerfile = File.ReadAllText(Repo.Path(build.GetProperty("dockerfile").GetString()!));
        var install = Assert.Single(dockerfile.Split('\n'), l => l.Contains("apt-get install", StringComparison.Ordinal));
        Assert.All(new[] { "bubblewrap", "python3", "python3-pytest", "nodejs" }, p => Assert.Contains($" {p}", install, StringComparison.Ordinal));
        Assert.Contains("Agents.SandboxHost.dll", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSidecars_TheServicesCallEachOtherAtTheirPublishedEndpoints()
    {
        using var manifest = Repo.Manifest();
        var gateway = manifest.Resources().GetProperty(ServiceNames.Gateway).GetProperty("env");
        var orchestrator = manifest.Resources().GetProperty(ServiceNames.Orchestrator).GetProperty("env");

        Assert.Equal("{orchestrator.bindings.http.url}", gateway.GetProperty("services__orchestrator__http__0").GetString());
        Assert.Equal("{sandbox.bindings.http.url}", orchestrator.GetProperty("services__sandbox__http__0").GetString());
        Assert.Equal("{sandbox.bindings.grpc.url}", orchestrator.GetProperty("services__sandbox__grpc__0").GetString());
        Assert.Equal("{gateway.bindings.http.url}", orchestrator.GetProperty("services__gateway__http__0").GetString());
    }

    [Fact]
    public void EveryService_ServesGrpcOnAnHttp2Binding_ItsGrpcPortSettingNames_PublicOnlyOnTheGateway()
    {
        using var manifest = Repo.Manifest();
        foreach (var service in new[] { ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox })
        {
            var resource = manifest.Resources().GetProperty(service);
            var grpc = resource.GetProperty("bindings").GetProperty("grpc");

            Assert.Equal("http2", grpc.GetProperty("transport").GetString());
            Assert.Equal(8081, grpc.GetProperty("targetPort").GetInt32());
            // The HTTP binding's port is ASP.NET's 8080 unless the manifest says otherwise.
            var http = resource.GetProperty("bindings").GetProperty("http");
            Assert.NotEqual(http.TryGetProperty("targetPort", out var httpPort) ? httpPort.GetInt32() : 8080, grpc.GetProperty("targetPort").GetInt32());
            Assert.Equal($"{{{service}.bindings.grpc.targetPort}}", resource.GetProperty("env").GetProperty("Grpc__Port").GetString());
            Assert.Equal(service == ServiceNames.Gateway, grpc.TryGetProperty("external", out var external) && external.GetBoolean());
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
        foreach (var (name, project) in manifest.OfType("project.v0").Concat(manifest.OfType("container.v1")))
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
