using Agents.Contracts;

namespace Agents.Deployment;

/// <summary>
/// Every decision the AppHost takes before it builds the model: which broker, which component folder,
/// which LLM, which GPU, which ports, sidecars or none, containers or existing servers. Plain C#, compiled into
/// the deployment tests as well, so every choice and every refusal is tested without building a model.
/// </summary>
public static class DeploymentPlan
{
    public const string BrokerKey = "Agents:Broker";
    public const string LlmKey = "Agents:Llm";
    public const string GpuKey = "Agents:Gpu";
    public const string ModelKey = "Agents:Model";
    public const string WorkflowsKey = "Agents:Workflows";
    public const string SidecarsKey = "Agents:Sidecars";
    public const string InfrastructureKey = "Agents:Infrastructure";

    /// <summary>The MSBuild property that brings in the hosting packages for Dapr sidecars, Ollama and Kafka.</summary>
    public const string FullStackProperty = "AgentsFullStack";

    /// <summary>The connection string of an existing Redis (<c>host:port[,password=…]</c>) for the Redis broker.</summary>
    public const string RedisConnection = "redis";

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

    /// <summary>
    /// Every service's endpoint for gRPC (HTTP/2 only, its <c>Grpc:Port</c>): the gateway's public one, the orchestrator's,
    /// and the sandbox's, which its callers and its sidecar use.
    /// </summary>
    public const string GrpcEndpoint = "grpc";

    /// <summary>The gRPC port in each service's container, beside <see cref="PublishedAppPort"/>.</summary>
    public const int PublishedGrpcPort = 8081;

    /// <summary>Environment variable of daprd holding the Redis password (read by the YAML through <c>envRef</c>).</summary>
    public const string RedisPasswordVariable = "AGENTS_REDIS_PASSWORD";

    /// <summary>Environment variable of daprd holding Redis' <c>host:port</c> (read by the YAML through <c>envRef</c>).</summary>
    public const string RedisHostVariable = "AGENTS_REDIS_HOST";

    /// <summary>Environment variable of daprd holding the pgx connection string of the PostgreSQL state store.</summary>
    public const string StateStoreConnectionVariable = "AGENTS_STATESTORE_CONNECTION";

    /// <summary>The sandbox's Dockerfile, relative to the repository root (its build context).</summary>
    public const string SandboxDockerfile = "services/Agents.SandboxHost/Dockerfile";

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
    public static string ChooseWorkflows(string? configured, Sidecars sidecars) => Normalize(configured) switch
    {
        null or "embedded" => "embedded",
        "dapr" when sidecars == Sidecars.Dapr => "dapr",
        "dapr" => throw new InvalidOperationException(
            $"Configuration '{WorkflowsKey}' is 'dapr', which needs Dapr sidecars, but '{SidecarsKey}' is 'none'. " +
            $"Without sidecars pipelines run on the embedded backend: leave {WorkflowsKey} unset or set it to 'embedded'."),
        _ => throw Invalid(WorkflowsKey, configured, "embedded", "dapr"),
    };

    /// <summary>Reads <c>Agents:Sidecars</c>: <c>dapr</c> (the default) or <c>none</c>.</summary>
    public static Sidecars ChooseSidecars(string? configured) => Normalize(configured) switch
    {
        null or "dapr" => Sidecars.Dapr,
        "none" => Sidecars.None,
        _ => throw Invalid(SidecarsKey, configured, "dapr", "none"),
    };

    /// <summary>Reads <c>Agents:Infrastructure</c>: <c>containers</c> (the default) or <c>existing</c>.</summary>
    public static Infrastructure ChooseInfrastructure(string? configured) => Normalize(configured) switch
    {
        null or "containers" => Infrastructure.Containers,
        "existing" => Infrastructure.Existing,
        _ => throw Invalid(InfrastructureKey, configured, "containers", "existing"),
    };

    /// <summary>
    /// Refuses, before any resource is added, what an AppHost built with <c>AgentsFullStack=false</c> cannot wire:
    /// Dapr sidecars (and with them the broker) and the Ollama container.
    /// </summary>
    /// <exception cref="InvalidOperationException">The message names the setting, the accepted value and the property.</exception>
    public static void RequireFullStackFor(Sidecars sidecars, LlmSource llm, bool fullStackBuilt)
    {
        if (fullStackBuilt)
        {
            return;
        }
        var built = $"this AppHost was built with {FullStackProperty}=false, which leaves out the hosting packages for Dapr sidecars, Ollama and Kafka " +
            $"(build it on a machine with the public NuGet feed, where {FullStackProperty} defaults to true)";
        if (sidecars == Sidecars.Dapr)
        {
            throw new InvalidOperationException(
                $"Configuration '{SidecarsKey}' is 'dapr' (the default), but {built}. Set --{SidecarsKey}=none to run without sidecars.");
        }
        if (llm == LlmSource.Ollama)
        {
            throw new InvalidOperationException(
                $"Configuration '{LlmKey}' is 'ollama' (the default when running), but {built}. " +
                $"Set --{LlmKey}=external and ConnectionStrings:{ServiceNames.LlmConnection} to use an OpenAI-compatible endpoint.");
        }
    }

    /// <summary>
    /// Turns an Npgsql connection string (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>) into the pgx keyword
    /// form Dapr's state.postgresql component reads (<c>host=… port=… user=… password=… database=…</c>).
    /// </summary>
    public static string ToPgxConnection(string npgsql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(npgsql);
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["host"] = "host", ["server"] = "host", ["port"] = "port", ["username"] = "user", ["user id"] = "user",
            ["userid"] = "user", ["user"] = "user", ["password"] = "password", ["database"] = "database",
        };
        var pairs = npgsql.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(kv => kv.Length == 2 && keys.ContainsKey(kv[0]))
            .Select(kv => $"{keys[kv[0]]}={Quote(kv[1])}");
        return string.Join(' ', pairs);

        // pgx keyword values with spaces or quotes are single-quoted, with \ and \' escaped.
        static string Quote(string value) =>
            value.Length > 0 && !value.Any(c => c is ' ' or '\'' or '\\')
                ? value
                : $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
    }

    /// <summary>
    /// Reads <c>host:port</c> from a StackExchange.Redis connection string (<c>localhost:6379,password=…</c>), which
    /// is how Aspire and our configuration give Redis; Dapr's component wants the host and the password apart.
    /// </summary>
    public static (string HostAndPort, string? Password) ParseRedisConnection(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var host = parts.FirstOrDefault(p => !p.Contains('=', StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"ConnectionStrings:{RedisConnection} names no host:port (expected 'host:port[,password=…]').");
        var password = parts
            .Select(p => p.Split('=', 2))
            .Where(kv => kv.Length == 2 && string.Equals(kv[0], "password", StringComparison.OrdinalIgnoreCase))
            .Select(kv => kv[1])
            .FirstOrDefault();
        return (host, password);
    }

    /// <summary>The folder one sidecar loads for a broker: <c>../components/redis</c> or <c>../components/kafka</c>.</summary>
    public static string ComponentsFolder(Broker broker) => $"{ComponentsRoot}/{FolderName(broker)}";

    public static string PubSubPath(Broker broker) => $"{ComponentsFolder(broker)}/pubsub.yaml";

    public static string StateStorePath(Broker broker) => $"{ComponentsFolder(broker)}/statestore.yaml";

    /// <summary>
    /// The sidecar's app port: fixed when publishing (ACA needs it), unset when running, where the toolkit
    /// passes the project's dynamically allocated port and a fixed one would override it.
    /// </summary>
    public static int? SidecarAppPort(bool isPublishMode) => isPublishMode ? PublishedAppPort : null;

    /// <summary>
    /// The sandbox's gRPC port, both its endpoint's target port and its sidecar's app port: fixed when publishing (the
    /// container's), unset when running, where Aspire allocates one and the toolkit passes it to daprd.
    /// </summary>
    public static int? GrpcTargetPort(bool isPublishMode) => isPublishMode ? PublishedGrpcPort : null;

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
        string[] known = ["redis", "kafka", "ollama", "external", "nvidia", "amd", "none", "embedded", "dapr", "containers", "existing"];
        return known.FirstOrDefault(k => string.Equals(k, trimmed, StringComparison.OrdinalIgnoreCase)) ?? trimmed;
    }

    private static InvalidOperationException Invalid(string key, string? value, params string[] accepted) =>
        new($"Configuration '{key}' is '{value}', which is not one of: {string.Join(", ", accepted)}. " +
            $"Set it on the command line (dotnet run --project AppHost -- --{key}={accepted[0]}) " +
            $"or in the environment ({key.Replace(":", "__", StringComparison.Ordinal)}={accepted[0]}).");
}
