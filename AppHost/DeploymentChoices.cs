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
