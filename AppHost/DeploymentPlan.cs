namespace Agents.Deployment;

/// <summary>
/// Every decision the AppHost takes before it builds the model: which broker, which component folder,
/// which LLM, which GPU, which ports. The AppHost cannot be compiled on our build machines, so it only
/// calls these; this file is plain C# and is compiled into the deployment tests as well.
/// </summary>
public static class DeploymentPlan
{
    public const string BrokerKey = "Agents:Broker";
    public const string LlmKey = "Agents:Llm";
    public const string GpuKey = "Agents:Gpu";
    public const string ModelKey = "Agents:Model";
    public const string WorkflowsKey = "Agents:Workflows";

    /// <summary>The gateway's mode under the AppHost: it forwards to the orchestrator (<c>Gateway__Mode</c>).</summary>
    public const string GatewayMode = "distributed";

    /// <summary>
    /// The secret parameter holding the SHA-256 (hex) of the gateway's API key. Published, the gateway listens on every
    /// interface (<c>HTTP_PORTS</c>) and refuses to start without a key; azd asks for this value.
    /// </summary>
    public const string GatewayApiKeyParameter = "gateway-api-key-sha256";

    /// <summary>A coding model that fits a single consumer GPU.</summary>
    public const string DefaultModel = "qwen2.5-coder:7b";

    /// <summary>Fixed because the component YAML is static. Not 6379: <c>dapr init</c> already runs a Redis there.</summary>
    public const int RedisHostPort = 6380;

    /// <summary>Fixed because the component YAML is static; in run mode Kafka advertises localhost:&lt;host port&gt;.</summary>
    public const int KafkaHostPort = 9092;

    /// <summary>The port the services listen on in their containers (ASP.NET's default); Dapr on ACA calls the app there.</summary>
    public const int PublishedAppPort = 8080;

    /// <summary>Environment variable of daprd holding the Redis password (read by the YAML through <c>envRef</c>).</summary>
    public const string RedisPasswordVariable = "AGENTS_REDIS_PASSWORD";

    /// <summary>Environment variable of daprd holding the pgx connection string of the PostgreSQL state store.</summary>
    public const string StateStoreConnectionVariable = "AGENTS_STATESTORE_CONNECTION";

    /// <summary>The component folders, relative to the AppHost directory (where the Dapr toolkit resolves them).</summary>
    public const string ComponentsRoot = "../components";

    /// <summary>Reads <c>Agents:Broker</c>: <c>redis</c> (the default) or <c>kafka</c>, in any case.</summary>
    /// <exception cref="InvalidOperationException">Any other value; the message says what is accepted and how to set it.</exception>
    public static Broker ChooseBroker(string? configured) => Normalize(configured) switch
    {
        null or "redis" => Broker.Redis,
        "kafka" => Broker.Kafka,
        _ => throw Invalid(BrokerKey, configured, "redis", "kafka"),
    };

    /// <summary>
    /// Reads <c>Agents:Llm</c>: <c>ollama</c> or <c>external</c>. Unset, it is Ollama when running locally and
    /// an external endpoint when publishing, because the published Ollama would lose its GPU flags and run on CPU.
    /// </summary>
    public static LlmSource ChooseLlm(string? configured, bool isPublishMode) => Normalize(configured) switch
    {
        null => isPublishMode ? LlmSource.External : LlmSource.Ollama,
        "ollama" => LlmSource.Ollama,
        "external" => LlmSource.External,
        _ => throw Invalid(LlmKey, configured, "ollama", "external"),
    };

    /// <summary>Reads <c>Agents:Gpu</c>: <c>nvidia</c> (the default), <c>amd</c> or <c>none</c> (CPU only).</summary>
    public static GpuVendor ChooseGpu(string? configured) => Normalize(configured) switch
    {
        null or "nvidia" => GpuVendor.Nvidia,
        "amd" => GpuVendor.Amd,
        "none" => GpuVendor.None,
        _ => throw Invalid(GpuKey, configured, "nvidia", "amd", "none"),
    };

    /// <summary>Reads <c>Agents:Model</c>, the Ollama model to pull; <see cref="DefaultModel"/> when unset.</summary>
    public static string ChooseModel(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? DefaultModel : configured.Trim();

    /// <summary>
    /// Reads <c>Agents:Workflows</c>, the orchestrator's runtime (<c>Orchestrator__Runtime</c>): <c>embedded</c> (the
    /// default: our runtime with its journal in the <c>agents</c> database, which needs nothing more from Dapr) or
    /// <c>dapr</c> (Dapr Workflow, which needs an actor state store: see the README on <c>azd infra gen</c>).
    /// </summary>
    public static string ChooseWorkflows(string? configured) => Normalize(configured) switch
    {
        null or "embedded" => "embedded",
        "dapr" => "dapr",
        _ => throw Invalid(WorkflowsKey, configured, "embedded", "dapr"),
    };

    /// <summary>The folder one sidecar loads for a broker: <c>../components/redis</c> or <c>../components/kafka</c>.</summary>
    public static string ComponentsFolder(Broker broker) => $"{ComponentsRoot}/{FolderName(broker)}";

    public static string PubSubPath(Broker broker) => $"{ComponentsFolder(broker)}/pubsub.yaml";

    public static string StateStorePath(Broker broker) => $"{ComponentsFolder(broker)}/statestore.yaml";

    /// <summary>
    /// The sidecar's app port: fixed when publishing (ACA needs it), unset when running, where the toolkit
    /// passes the project's dynamically allocated port and a fixed one would override it.
    /// </summary>
    public static int? SidecarAppPort(bool isPublishMode) => isPublishMode ? PublishedAppPort : null;

    private static string FolderName(Broker broker) => broker switch
    {
        Broker.Redis => "redis",
        Broker.Kafka => "kafka",
        _ => throw new ArgumentOutOfRangeException(nameof(broker), broker, null),
    };

    // Lower-cases through a fixed table rather than ToLowerInvariant (CA1308) and treats blank as unset.
    private static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        string[] known = ["redis", "kafka", "ollama", "external", "nvidia", "amd", "none", "embedded", "dapr"];
        return known.FirstOrDefault(k => string.Equals(k, trimmed, StringComparison.OrdinalIgnoreCase)) ?? trimmed;
    }

    private static InvalidOperationException Invalid(string key, string? value, params string[] accepted) =>
        new($"Configuration '{key}' is '{value}', which is not one of: {string.Join(", ", accepted)}. " +
            $"Set it on the command line (dotnet run --project AppHost -- --{key}={accepted[0]}) " +
            $"or in the environment ({key.Replace(":", "__", StringComparison.Ordinal)}={accepted[0]}).");
}
