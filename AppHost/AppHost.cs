// Deployment diagram: infrastructure, then the three services, each with its Dapr sidecar.
// Every decision comes from DeploymentPlan (plain C#, tested offline); this file only wires.

using Agents.Contracts;
using Agents.Deployment;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CommunityToolkit.Aspire.Hosting.Dapr;

var builder = DistributedApplication.CreateBuilder(args);
var publishing = builder.ExecutionContext.IsPublishMode;

// Read from plain configuration before the model exists: parameters resolve too late to shape it.
var broker = DeploymentPlan.ChooseBroker(builder.Configuration[DeploymentPlan.BrokerKey]);
var llmSource = DeploymentPlan.ChooseLlm(builder.Configuration[DeploymentPlan.LlmKey], publishing);

// PostgreSQL and the `agents` database (POSTGRES_DB also creates it where Aspire does not, as on ACA).
var postgres = builder.AddPostgres("postgres").WithEnvironment("POSTGRES_DB", ServiceNames.AgentsDatabase);
var database = postgres.AddDatabase(ServiceNames.AgentsDatabase);

// Dapr components from the broker's folder, the broker behind them, and the secrets daprd reads via envRef.
var pubSub = builder.AddDaprPubSub(ServiceNames.PubSub, new DaprComponentOptions { LocalPath = DeploymentPlan.PubSubPath(broker) });
var stateStore = builder.AddDaprStateStore(ServiceNames.StateStore, new DaprComponentOptions { LocalPath = DeploymentPlan.StateStorePath(broker) });
var secrets = broker == Broker.Redis
    ? builder.AddRedisBroker(pubSub, stateStore)
    : builder.AddKafkaBroker(pubSub, stateStore, postgres, database);

// The model: Ollama on a GPU, or any OpenAI-compatible endpoint. Either way the connection is `llm`.
IResourceBuilder<IResourceWithConnectionString> llm = llmSource == LlmSource.External
    ? builder.AddConnectionString(ServiceNames.LlmConnection)
    : builder.AddOllamaModel(
        ServiceNames.LlmConnection,
        DeploymentPlan.ChooseGpu(builder.Configuration[DeploymentPlan.GpuKey]),
        DeploymentPlan.ChooseModel(builder.Configuration[DeploymentPlan.ModelKey]));

var appPort = DeploymentPlan.SidecarAppPort(publishing);

var workflows = DeploymentPlan.ChooseWorkflows(builder.Configuration[DeploymentPlan.WorkflowsKey]);

// The gateway forwards the workflow API to the orchestrator and streams the events it receives from pub/sub.
var gateway = builder.AddProject<Projects.Agents_Gateway>(ServiceNames.Gateway)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(database).WaitFor(database)
    .WithEnvironment("Gateway__Mode", DeploymentPlan.GatewayMode)
    .WithDaprSidecar(sidecar => sidecar
        .WithOptions(new DaprSidecarOptions { AppId = ServiceNames.Gateway, AppPort = appPort })
        .WithReference(pubSub).WithReference(stateStore)
        .WithDaprEnvironment(secrets.PubSub).WithDaprEnvironment(secrets.StateStore));

// Published, the gateway listens on every interface, where it refuses to start without an API key: azd asks for its SHA-256.
if (publishing)
{
    gateway.WithEnvironment("Gateway__ApiKeys__0__Sha256", builder.AddParameter(DeploymentPlan.GatewayApiKeyParameter, secret: true));
}

builder.AddProject<Projects.Agents_Orchestrator>(ServiceNames.Orchestrator)
    .WithHttpHealthCheck("/health")
    .WithReference(database).WaitFor(database)
    .WithReference(llm).WaitFor(llm)
    .WithEnvironment("Orchestrator__Runtime", workflows)
    .WithDaprSidecar(sidecar => sidecar
        .WithOptions(new DaprSidecarOptions { AppId = ServiceNames.Orchestrator, AppPort = appPort })
        .WithReference(pubSub).WithReference(stateStore)
        .WithDaprEnvironment(secrets.PubSub).WithDaprEnvironment(secrets.StateStore));

// The sandbox runs untrusted code: no database, no model, no state store (its YAML scopes exclude it too).
builder.AddProject<Projects.Agents_SandboxHost>(ServiceNames.Sandbox)
    .WithHttpHealthCheck("/health")
    .WithDaprSidecar(sidecar => sidecar
        .WithOptions(new DaprSidecarOptions { AppId = ServiceNames.Sandbox, AppPort = appPort })
        .WithReference(pubSub)
        .WithDaprEnvironment(secrets.PubSub));

builder.Build().Run();
