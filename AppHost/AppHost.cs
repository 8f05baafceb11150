// Deployment diagram: infrastructure, then the three services, then how they reach each other and the model.
// Every decision comes from DeploymentPlan (plain C#, unit-tested); this file only wires.

using Agents.Contracts;
using Agents.Deployment;

var builder = DistributedApplication.CreateBuilder(args);
var publishing = builder.ExecutionContext.IsPublishMode;

// Read from plain configuration before the model exists: parameters resolve too late to shape it. A setting with an
// unknown value stops the AppHost with exit code 2 and a message naming the setting and its accepted values.
if (!DeploymentSettings.TryRead(builder.Configuration, publishing, AppHostBuild.FullStack, out var settings, out var refusal))
{
    await Console.Error.WriteLineAsync(refusal);
    return 2;
}
var (broker, llmSource, sidecars, infrastructure, workflows) = settings;

// PostgreSQL with the `agents` database: a container, or an existing server's connection string.
var database = builder.AddAgentsDatabase(infrastructure);

// The gateway forwards the workflow API to the orchestrator and streams the events the orchestrator sends it.
var gateway = builder.AddProject<Projects.Agents_Gateway>(ServiceNames.Gateway)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(database.Connection).WaitFor(database.Connection)
    .WithEnvironment("Gateway__Mode", DeploymentPlan.GatewayMode)
    // agents.v1.Workflows and Verification for programs, public like the HTTP API and under the same keys.
    .WithEndpoint(targetPort: DeploymentPlan.GrpcTargetPort(publishing), scheme: "http", name: DeploymentPlan.GrpcEndpoint, env: "Grpc__Port", isExternal: true)
    .WithEndpoint(DeploymentPlan.GrpcEndpoint, grpc => grpc.Transport = "http2");

// Published, the gateway listens on every interface, where it refuses to start without an API key: azd asks for its SHA-256.
if (publishing)
{
    gateway.WithEnvironment("Gateway__ApiKeys__0__Sha256", builder.AddParameter(DeploymentPlan.GatewayApiKeyParameter, secret: true));
}

var orchestrator = builder.AddProject<Projects.Agents_Orchestrator>(ServiceNames.Orchestrator)
    .WithHttpHealthCheck("/health")
    .WithReference(database.Connection).WaitFor(database.Connection)
    .WithEnvironment("Orchestrator__Runtime", workflows)
    .WithEndpoint(targetPort: DeploymentPlan.GrpcTargetPort(publishing), scheme: "http", name: DeploymentPlan.GrpcEndpoint, env: "Grpc__Port")
    .WithEndpoint(DeploymentPlan.GrpcEndpoint, grpc => grpc.Transport = "http2");

// The sandbox runs untrusted code: no database, no model, no state store. Verification.Verify is served over gRPC on
// its own HTTP/2 endpoint (Grpc__Port), where the orchestrator calls it.
var sandbox = builder.AddProject<Projects.Agents_SandboxHost>(ServiceNames.Sandbox)
    .WithHttpHealthCheck("/health")
    .WithEndpoint(targetPort: DeploymentPlan.GrpcTargetPort(publishing), scheme: "http", name: DeploymentPlan.GrpcEndpoint, env: "Grpc__Port")
    .WithEndpoint(DeploymentPlan.GrpcEndpoint, grpc => grpc.Transport = "http2");

// Published, the sandbox is built from its Dockerfile, which adds bubblewrap, python3 with pytest and node.
if (publishing)
{
    sandbox.PublishAsDockerFile(image => image.WithDockerfile("..", DeploymentPlan.SandboxDockerfile));
}

var services = new AgentsServices(gateway, orchestrator, sandbox);
if (sidecars == Sidecars.None)
{
    services.ConnectDirectly();
}
if (llmSource == LlmSource.External)
{
    orchestrator.WithReference(builder.AddConnectionString(ServiceNames.LlmConnection));
}

#if AGENTS_FULL_STACK
// Dapr sidecars with the broker's components, and the Ollama container: hosting packages our build machines lack.
builder.AddFullStack(services, database, broker, sidecars, llmSource, publishing);
#endif

try
{
    await builder.Build().RunAsync();
}
catch (DistributedApplicationException e)
{
    // Aspire's own start-up refusals (a missing Dapr CLI, say) are for the user, not a stack trace.
    await Console.Error.WriteLineAsync($"The AppHost could not start: {e.Message}");
    if (sidecars == Sidecars.Dapr)
    {
        await Console.Error.WriteLineAsync($"Dapr sidecars are the default; '--{DeploymentPlan.SidecarsKey}=none' runs without them.");
    }
    return 1;
}
return 0;
