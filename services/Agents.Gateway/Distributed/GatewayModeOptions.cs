namespace Agents.Gateway.Distributed;

/// <summary>
/// How the gateway serves pipelines (<c>Gateway:Mode</c>): <c>embedded</c> (the default) runs them in this process;
/// <c>distributed</c> forwards the workflow API to the orchestrator and streams the events it publishes.
/// </summary>
public sealed class GatewayModeOptions
{
    public const string Embedded = "embedded";
    public const string Distributed = "distributed";
    public const string ModeSetting = "Gateway:Mode";

    public string Mode { get; set; } = Embedded;

    public bool IsDistributed => string.Equals(Mode, Distributed, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the mode before the container is built, since it decides what is registered.</summary>
    public static bool IsDistributedIn(IConfiguration configuration) =>
        string.Equals(configuration[ModeSetting]?.Trim(), Distributed, StringComparison.OrdinalIgnoreCase);
}
