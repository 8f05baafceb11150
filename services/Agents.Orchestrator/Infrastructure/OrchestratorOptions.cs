namespace Agents.Orchestrator.Infrastructure;

/// <summary>
/// The <c>Orchestrator</c> section. <see cref="Runtime"/>: the backend the Dapr.Workflow SDK talks to, <c>embedded</c>
/// (the default: the backend this process starts, on PostgreSQL) or <c>dapr</c> (daprd, through the sidecar).
/// </summary>
public sealed class OrchestratorOptions
{
    public const string SectionName = "Orchestrator";
    public const string Embedded = "embedded";
    public const string Dapr = "dapr";

    public string Runtime { get; set; } = Embedded;

    /// <summary>Reads the runtime before the container is built, since it decides what is registered.</summary>
    public static bool UsesDapr(IConfiguration configuration) =>
        string.Equals(configuration[$"{SectionName}:{nameof(Runtime)}"]?.Trim(), Dapr, StringComparison.OrdinalIgnoreCase);
}
