namespace Agents.Contracts;

/// <summary>
/// Names shared by the AppHost and the services: resource names, Dapr app ids and connection names.
/// They are durable contracts (manifests, sidecars and configuration refer to them); do not rename.
/// </summary>
public static class ServiceNames
{
    public const string Gateway = "gateway";
    public const string Orchestrator = "orchestrator";
    public const string Sandbox = "sandbox";

    /// <summary>The PostgreSQL database connection: <c>ConnectionStrings:agents</c>.</summary>
    public const string AgentsDatabase = "agents";

    /// <summary>The LLM connection in Aspire's form <c>Endpoint=…;Model=…</c>: <c>ConnectionStrings:llm</c>.</summary>
    public const string LlmConnection = "llm";

    /// <summary>The Dapr pub/sub component and the topic carrying pipeline progress.</summary>
    public const string PubSub = "pubsub";
    public const string PipelineEventsTopic = "pipeline-events";

    /// <summary>The gateway's route that receives pipeline events (from daprd, or posted by the orchestrator without one).</summary>
    public const string PipelineEventsRoute = "/dapr/events/pipeline";

    /// <summary>The Dapr state store (must be the actor state store: Dapr Workflow keeps its state there).</summary>
    public const string StateStore = "statestore";
}
