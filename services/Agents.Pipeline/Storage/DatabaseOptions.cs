namespace Agents.Pipeline.Storage;

/// <summary>
/// The PostgreSQL connection (<c>ConnectionStrings:agents</c>). Optional for the gateway (without it state lives in
/// files), required for the orchestrator (<see cref="Required"/>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string SettingName = "ConnectionStrings:" + Agents.Contracts.ServiceNames.AgentsDatabase;

    public string? ConnectionString { get; set; }

    /// <summary>Set by the host: a service that keeps its state only in PostgreSQL does not start without it.</summary>
    public bool Required { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
