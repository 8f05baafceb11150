namespace Agents.Orchestrator.Infrastructure;

/// <summary>
/// The <c>Orchestrator</c> section. <see cref="Runtime"/>: <c>embedded</c> (the default: our runtime, journal in
/// PostgreSQL) or <c>dapr</c> (Dapr Workflow; full build only).
/// </summary>
public sealed class OrchestratorOptions
{
    public const string SectionName = "Orchestrator";
    public const string Embedded = "embedded";
    public const string Dapr = "dapr";

    public string Runtime { get; set; } = Embedded;

    /// <summary>
    /// Without a Dapr sidecar: where to post each pipeline event, the gateway's subscription route
    /// (<c>http://gateway/dapr/events/pipeline</c>). Ignored when <c>DAPR_HTTP_PORT</c> is set.
    /// </summary>
    public Uri? GatewayEventsUrl { get; set; }

    public static Uri? GatewayEventsUrlIn(IConfiguration configuration) =>
        Uri.TryCreate(configuration[$"{SectionName}:{nameof(GatewayEventsUrl)}"], UriKind.Absolute, out var url) ? url : null;

    /// <summary>Reads the runtime before the container is built, since it decides what is registered.</summary>
    public static bool UsesDapr(IConfiguration configuration) =>
        string.Equals(configuration[$"{SectionName}:{nameof(Runtime)}"]?.Trim(), Dapr, StringComparison.OrdinalIgnoreCase);
}
