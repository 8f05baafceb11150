namespace Agents.Deployment;

/// <summary>
/// The <c>agents</c> database as the services reference it, and, when the AppHost started it, the PostgreSQL
/// container behind it (the Kafka broker's Dapr state store needs the server's own host, port and password).
/// </summary>
internal sealed record AgentsDatabase(
    IResourceBuilder<IResourceWithConnectionString> Connection,
    IResourceBuilder<PostgresServerResource>? Server);
