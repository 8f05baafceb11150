namespace Agents.Deployment;

/// <summary>The message broker behind the Dapr pub/sub component (<c>Agents:Broker</c>).</summary>
public enum Broker
{
    Redis,
    Kafka,
}

/// <summary>Where the <c>llm</c> connection points (<c>Agents:Llm</c>).</summary>
public enum LlmSource
{
    /// <summary>An Ollama container started by the AppHost, with a model pulled at start.</summary>
    Ollama,

    /// <summary>Any OpenAI-compatible endpoint, given as the connection string <c>ConnectionStrings:llm</c>.</summary>
    External,
}

/// <summary>The GPU handed to the Ollama container (<c>Agents:Gpu</c>).</summary>
public enum GpuVendor
{
    None,
    Nvidia,
    Amd,
}

/// <summary>How the services reach each other and the broker (<c>Agents:Sidecars</c>).</summary>
public enum Sidecars
{
    /// <summary>Each service with a Dapr sidecar: invocation, pub/sub and state through daprd.</summary>
    Dapr,

    /// <summary>No sidecars: services call each other at their endpoints and pipelines run on the embedded backend.</summary>
    None,
}

/// <summary>Where PostgreSQL (and Redis, when the broker needs it) come from (<c>Agents:Infrastructure</c>).</summary>
public enum Infrastructure
{
    /// <summary>Containers the AppHost starts (needs Docker).</summary>
    Containers,

    /// <summary>Servers that already run, given as connection strings <c>ConnectionStrings:agents</c> (and <c>:redis</c>).</summary>
    Existing,
}
