namespace Agents.Gateway.Infrastructure;

/// <summary>The PostgreSQL connection (<c>ConnectionStrings:agents</c>); optional: without it state lives in files.</summary>
public sealed class DatabaseOptions
{
    public const string SettingName = "ConnectionStrings:" + Agents.Contracts.ServiceNames.AgentsDatabase;

    public string? ConnectionString { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
