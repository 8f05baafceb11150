using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Agents.Contracts;

namespace Agents.Deployment.Tests;

/// <summary>
/// The AppHost's sidecar wiring is compiled only with AgentsFullStack=true, so its source and project file are checked
/// as text: it wires every shared name, attaches components to sidecars (not to projects, which is obsolete), and
/// references the services.
/// </summary>
public sealed partial class AppHostSourceTests
{
    // Names the AppHost has no business with: the topic is the services' contract with each other.
    // The topic and the subscription route are the services' own business: the AppHost wires the services by
    // reference, and the orchestrator posts to the gateway's route (a contract) wherever service discovery finds it.
    private static readonly HashSet<string> s_notWiredByTheAppHost = new(StringComparer.Ordinal)
    {
        nameof(ServiceNames.PipelineEventsTopic),
        nameof(ServiceNames.PipelineEventsRoute),
    };

    private static string Source() => File.ReadAllText(Repo.Path("AppHost", "AppHost.cs"));

    // The diagram, the steps on served packages and the full-stack steps (sidecars, Ollama, Kafka), as one text.
    private static string AllSources() => string.Join(
        "\n",
        Source(),
        File.ReadAllText(Repo.Path("AppHost", "AppHostExtensions.cs")),
        File.ReadAllText(Repo.Path("AppHost", "FullStack", "FullStackExtensions.cs")));

    public static TheoryData<string> WiredNames() => new(
        typeof(ServiceNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !s_notWiredByTheAppHost.Contains(f.Name))
            .Select(f => f.Name));

    [Theory]
    [MemberData(nameof(WiredNames))]
    public void AppHost_WiresEverySharedName(string constant) =>
        Assert.Contains($"ServiceNames.{constant}", AllSources(), StringComparison.Ordinal);

    [Fact]
    public void AppHost_GivesEveryServiceASidecarWithItsAppId()
    {
        var projects = Statements(Source()).Where(s => s.Contains("AddProject<", StringComparison.Ordinal)).ToList();
        var sidecars = Statements(AllSources()).Where(s => s.Contains(".WithDaprSidecar(", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, projects.Count);
        foreach (var project in projects)
        {
            var service = ProjectName().Match(project).Groups[1].Value;
            var sidecar = Assert.Single(sidecars, s => s.Contains($"services.{service}.WithDaprSidecar(", StringComparison.Ordinal));
            Assert.Contains($"AppId = ServiceNames.{service}", sidecar, StringComparison.Ordinal);
            Assert.Contains("AppPort = appPort", sidecar, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Components_AreReferencedFromSidecarsOnly()
    {
        foreach (var statement in Statements(AllSources()))
        {
            var reference = ComponentReference().Match(statement);
            if (!reference.Success)
            {
                continue;
            }
            var sidecar = statement.IndexOf(".WithDaprSidecar(", StringComparison.Ordinal);
            Assert.True(sidecar >= 0 && sidecar < reference.Index, $"component referenced outside a sidecar: {statement.Trim()}");
        }
    }

    [Fact]
    public void TheSandbox_GetsNeitherDatabaseNorModelNorStateStore()
    {
        var sandbox = Assert.Single(Statements(Source()), s => s.Contains("AddProject<Projects.Agents_SandboxHost>", StringComparison.Ordinal));
        var sidecar = Assert.Single(Statements(AllSources()), s => s.Contains("services.Sandbox.WithDaprSidecar(", StringComparison.Ordinal));

        Assert.DoesNotContain("WithReference(database", sandbox, StringComparison.Ordinal);
        Assert.DoesNotContain("WithReference(llm", sandbox, StringComparison.Ordinal);
        Assert.DoesNotContain("LlmConnection", sandbox, StringComparison.Ordinal);
        Assert.DoesNotContain("WithReference(stateStore)", sidecar, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.StateStore", sidecar, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokerAndModel_AreChosenThroughTheTestedPlan()
    {
        var source = Source();

        Assert.Contains("DeploymentPlan.ChooseBroker(builder.Configuration[DeploymentPlan.BrokerKey])", source, StringComparison.Ordinal);
        Assert.Contains("DeploymentPlan.ChooseLlm(builder.Configuration[DeploymentPlan.LlmKey]", source, StringComparison.Ordinal);
        Assert.Contains("DeploymentPlan.ChooseSidecars(builder.Configuration[DeploymentPlan.SidecarsKey])", source, StringComparison.Ordinal);
        Assert.Contains("DeploymentPlan.RequireFullStackFor(sidecars, llmSource, AppHostBuild.FullStack)", source, StringComparison.Ordinal);
        Assert.Contains("DeploymentPlan.PubSubPath(broker)", AllSources(), StringComparison.Ordinal);
        Assert.Contains("DeploymentPlan.StateStorePath(broker)", AllSources(), StringComparison.Ordinal);
        // The broker must be known before the model is built, so it is read before any resource is added.
        Assert.True(source.IndexOf("ChooseBroker", StringComparison.Ordinal) < source.IndexOf(".Add", source.IndexOf("CreateBuilder", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void TheGateway_IsDistributed_WithAnApiKeyParameterWhenPublished_AndTheOrchestratorGetsTheChosenRuntime()
    {
        var source = Source();
        var gateway = Assert.Single(Statements(Source()), s => s.Contains("AddProject<Projects.Agents_Gateway>", StringComparison.Ordinal));

        Assert.Contains(".WithEnvironment(\"Gateway__Mode\", DeploymentPlan.GatewayMode)", gateway, StringComparison.Ordinal);
        Assert.Contains("gateway.WithEnvironment(\"Gateway__ApiKeys__0__Sha256\", builder.AddParameter(DeploymentPlan.GatewayApiKeyParameter, secret: true))", source, StringComparison.Ordinal);
        Assert.Contains("DeploymentPlan.ChooseWorkflows(builder.Configuration[DeploymentPlan.WorkflowsKey], sidecars)", source, StringComparison.Ordinal);
        var orchestrator = Assert.Single(Statements(Source()), s => s.Contains("AddProject<Projects.Agents_Orchestrator>", StringComparison.Ordinal));
        Assert.Contains(".WithEnvironment(\"Orchestrator__Runtime\", workflows)", orchestrator, StringComparison.Ordinal);
    }

    [Fact]
    public void AppHostProject_ReferencesEveryServiceInTheManifest_AndContractsAsALibrary()
    {
        var project = XDocument.Load(Repo.Path("AppHost", "AppHost.csproj"));
        var references = project.Descendants("ProjectReference").ToList();
        using var manifest = Repo.Manifest();

        foreach (var (_, resource) in manifest.OfType("project.v0"))
        {
            var path = resource.GetProperty("path").GetString()!;
            Assert.Contains(references, r => Repo.FromAppHost(r.Attribute("Include")!.Value.Replace('\\', '/')) == Repo.Path(path));
        }
        var contracts = Assert.Single(references, r => r.Attribute("Include")!.Value.EndsWith("Agents.Contracts.csproj", StringComparison.Ordinal));
        Assert.Equal("false", contracts.Attribute("IsAspireProjectResource")?.Value);
        Assert.All(references, r => Assert.True(File.Exists(Repo.FromAppHost(r.Attribute("Include")!.Value.Replace('\\', '/')))));
    }

    // Statements of the given source, comments removed.
    private static IEnumerable<string> Statements(string source) =>
        LineComment().Replace(source, string.Empty).Split(';');

    [GeneratedRegex(@"AddProject<Projects\.[A-Za-z_]+>\(ServiceNames\.([A-Za-z]+)\)")]
    private static partial Regex ProjectName();

    [GeneratedRegex(@"\.WithReference\((pubSub|stateStore)\)")]
    private static partial Regex ComponentReference();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();
}
