using Agents.Contracts;
using Agents.Deployment;
using Agents.Testing;
using Aspire.Hosting.ApplicationModel;

namespace Agents.AppHost.Tests;

/// <summary>
/// The AppHost's model (resources, references, environment, endpoints) as the builder makes it for each setting, without
/// starting anything: what used to be checked by reading AppHost.cs as text.
/// </summary>
public sealed class AppHostModelTests
{
    private static readonly string[] s_services = [ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox];

    private static readonly string[] s_withoutSidecars = ["--Agents:Sidecars=none", "--Agents:Llm=external"];

    [Fact]
    public async Task Containers_APostgresContainerWithTheAgentsDatabase_AndThreeProjects()
    {
        await using var model = await AppHostModel.CreateAsync(s_withoutSidecars);

        var postgres = model.Single<ContainerResource>("postgres");
        var database = model.Single<IResourceWithConnectionString>(ServiceNames.AgentsDatabase);
        Assert.Equal(postgres, Assert.IsType<IResourceWithParent>(database, exactMatch: false).Parent);
        Assert.Equal(s_services.Order(StringComparer.Ordinal), model.Resources.OfType<ProjectResource>().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(model.Resources.OfType<ProjectResource>(), p => Assert.True(File.Exists(p.GetProjectMetadata().ProjectPath), p.Name));
    }

    [Fact]
    public async Task Existing_TheDatabaseIsAConnectionString_AndNoContainerIsAdded()
    {
        await using var model = await AppHostModel.CreateAsync(["--Agents:Infrastructure=existing", .. s_withoutSidecars]);

        // AddConnectionString: a parameter whose value is the connection string (ConnectionStrings:agents, :llm).
        Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Single<ParameterResource>(ServiceNames.AgentsDatabase));
        Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Single<ParameterResource>(ServiceNames.LlmConnection));
        Assert.Empty(model.Resources.OfType<ContainerResource>());
    }

    [Theory]
    [InlineData(ServiceNames.Gateway, true)]
    [InlineData(ServiceNames.Orchestrator, false)]
    [InlineData(ServiceNames.Sandbox, false)]
    public async Task EveryService_HasAnHttpEndpointAndHealthCheck_AndOnlyTheGatewayIsExternal(string service, bool external)
    {
        await using var model = await AppHostModel.CreateAsync(s_withoutSidecars);
        var project = model.Single<ProjectResource>(service);

        var http = Assert.Single(project.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        Assert.Equal("http", http.UriScheme);
        Assert.All(project.Annotations.OfType<EndpointAnnotation>(), e => Assert.Equal(external, e.IsExternal));
        Assert.Contains(project.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.Contains(service, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryService_HasAnHttp2EndpointNamedGrpc_OnItsGrpcPortSetting_PublicOnlyOnTheGateway()
    {
        await using var model = await AppHostModel.CreateAsync(s_withoutSidecars);

        foreach (var service in new[] { ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox })
        {
            var environment = await model.PublishedEnvironmentAsync(service);
            var grpc = Assert.Single(model.Single<ProjectResource>(service).Annotations.OfType<EndpointAnnotation>(), e => e.Name == DeploymentPlan.GrpcEndpoint);
            Assert.Equal(("http", "http2"), (grpc.UriScheme, grpc.Transport));
            Assert.Equal(service == ServiceNames.Gateway, grpc.IsExternal);
            Assert.Equal($"{{{service}.bindings.grpc.targetPort}}", environment["Grpc__Port"]);
        }
    }

    [Fact]
    public async Task WithoutSidecars_TheServicesCallEachOtherAtTheirEndpoints_AndWaitForWhatTheyCall()
    {
        await using var model = await AppHostModel.CreateAsync(s_withoutSidecars);
        var gateway = await model.PublishedEnvironmentAsync(ServiceNames.Gateway);
        var orchestrator = await model.PublishedEnvironmentAsync(ServiceNames.Orchestrator);

        // Aspire's service-discovery entries: the services call http://{name} and discovery resolves it by these.
        Assert.Equal("{orchestrator.bindings.http.url}", gateway["services__orchestrator__http__0"]);
        Assert.Equal("{sandbox.bindings.http.url}", gateway["services__sandbox__http__0"]);
        Assert.Equal("{sandbox.bindings.http.url}", orchestrator["services__sandbox__http__0"]);
        // The sandbox's gRPC endpoint, where SandboxGrpcClient resolves http://_grpc.sandbox.
        Assert.Equal("{sandbox.bindings.grpc.url}", orchestrator["services__sandbox__grpc__0"]);
        Assert.Equal("{gateway.bindings.http.url}", orchestrator["services__gateway__http__0"]);
        Assert.DoesNotContain(gateway.Keys.Concat(orchestrator.Keys), k => k.EndsWith("Url", StringComparison.Ordinal) || k.EndsWith("BaseAddress", StringComparison.Ordinal));
        // Waiting for the database also waits for its server (the postgres container).
        Assert.Equal([ServiceNames.AgentsDatabase, ServiceNames.Orchestrator, "postgres"], model.WaitsFor(ServiceNames.Gateway).Order(StringComparer.Ordinal));
        Assert.Equal([ServiceNames.AgentsDatabase, "postgres", ServiceNames.Sandbox], model.WaitsFor(ServiceNames.Orchestrator).Order(StringComparer.Ordinal));
        Assert.Empty(model.WaitsFor(ServiceNames.Sandbox));
    }

    [Fact]
    public async Task Connections_GoWhereTheArchitectureSays_AndTheSandboxGetsNone()
    {
        await using var model = await AppHostModel.CreateAsync(["--Agents:Infrastructure=existing", .. s_withoutSidecars]);
        var gateway = await model.PublishedEnvironmentAsync(ServiceNames.Gateway);
        var orchestrator = await model.PublishedEnvironmentAsync(ServiceNames.Orchestrator);
        var sandbox = await model.PublishedEnvironmentAsync(ServiceNames.Sandbox);

        Assert.Equal("{agents.connectionString}", gateway["ConnectionStrings__agents"]);
        Assert.Equal("{agents.connectionString}", orchestrator["ConnectionStrings__agents"]);
        Assert.Equal("{llm.connectionString}", orchestrator["ConnectionStrings__llm"]);
        Assert.DoesNotContain("ConnectionStrings__llm", gateway.Keys);
        Assert.DoesNotContain(sandbox.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("AGENTS_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "embedded")]
    [InlineData("embedded", "embedded")]
    public async Task TheGatewayForwards_AndTheOrchestratorRunsTheChosenRuntime(string? workflows, string runtime)
    {
        string[] args = workflows is null ? s_withoutSidecars : [$"--Agents:Workflows={workflows}", .. s_withoutSidecars];
        await using var model = await AppHostModel.CreateAsync(args);

        Assert.Equal(DeploymentPlan.GatewayMode, (await model.PublishedEnvironmentAsync(ServiceNames.Gateway))["Gateway__Mode"]);
        Assert.Equal(runtime, (await model.PublishedEnvironmentAsync(ServiceNames.Orchestrator))["Orchestrator__Runtime"]);
    }

    [Fact]
    public async Task Published_TheGatewayTakesItsApiKeyHashFromASecretParameter_AndTheModelIsExternal()
    {
        await using var model = await AppHostModel.CreateAsync(["--operation", "publish", "--publisher", "manifest", "--Agents:Sidecars=none"]);

        var parameter = model.Single<ParameterResource>(DeploymentPlan.GatewayApiKeyParameter);
        Assert.True(parameter.Secret);
        Assert.Equal($"{{{DeploymentPlan.GatewayApiKeyParameter}.value}}", (await model.PublishedEnvironmentAsync(ServiceNames.Gateway))["Gateway__ApiKeys__0__Sha256"]);
        Assert.DoesNotContain("Gateway__ApiKeys__0__Sha256", (await model.PublishedEnvironmentAsync(ServiceNames.Sandbox)).Keys);
        Assert.Equal("{llm.connectionString}", (await model.PublishedEnvironmentAsync(ServiceNames.Orchestrator))["ConnectionStrings__llm"]);
    }

    [Fact]
    public async Task Published_TheSandboxIsAnImageBuiltFromItsDockerfile_FromTheRepositoryRoot()
    {
        await using var model = await AppHostModel.CreateAsync(["--operation", "publish", "--publisher", "manifest", "--Agents:Sidecars=none"]);

        var build = Assert.Single(model.Single<ContainerResource>(ServiceNames.Sandbox).Annotations.OfType<DockerfileBuildAnnotation>());
        Assert.Equal(Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, DeploymentPlan.SandboxDockerfile)), Path.GetFullPath(build.DockerfilePath));
        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(TestPaths.RepoRoot)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(build.ContextPath)));
    }

    [Fact]
    public async Task Running_TheGatewayHasNoApiKeyParameter()
    {
        await using var model = await AppHostModel.CreateAsync(s_withoutSidecars);

        Assert.DoesNotContain(model.Resources, r => r.Name == DeploymentPlan.GatewayApiKeyParameter);
        Assert.DoesNotContain("Gateway__ApiKeys__0__Sha256", (await model.PublishedEnvironmentAsync(ServiceNames.Gateway)).Keys);
    }

    [Fact]
    public async Task WithDaprSidecars_EveryServiceHasASidecar_AndTheComponentsAreResources()
    {
        Assert.SkipUnless(FullStackMachine.Built, "Needs an AppHost built with AgentsFullStack=true.");
        await using var model = await AppHostModel.CreateAsync("--Agents:Llm=external");

        Assert.All(s_services, s => Assert.Contains(model.Resources, r => r.Name == $"{s}-dapr"));
        Assert.Contains(model.Resources, r => r.Name == ServiceNames.PubSub);
        Assert.Contains(model.Resources, r => r.Name == ServiceNames.StateStore);
        Assert.DoesNotContain("services__orchestrator__http__0", (await model.PublishedEnvironmentAsync(ServiceNames.Gateway)).Keys);
    }
}
