using Agents.Contracts;

namespace Agents.Deployment;

/// <summary>The AppHost's steps that need only the hosting packages every feed serves; still wiring only.</summary>
internal static class AppHostExtensions
{
    /// <summary>
    /// PostgreSQL with the <c>agents</c> database as a container (POSTGRES_DB also creates it where Aspire does not,
    /// as on ACA), or the existing server given as <c>ConnectionStrings:agents</c>.
    /// </summary>
    public static AgentsDatabase AddAgentsDatabase(this IDistributedApplicationBuilder builder, Infrastructure infrastructure)
    {
        if (infrastructure == Infrastructure.Existing)
        {
            return new AgentsDatabase(builder.AddConnectionString(ServiceNames.AgentsDatabase), Server: null);
        }
        var postgres = builder.AddPostgres("postgres").WithEnvironment("POSTGRES_DB", ServiceNames.AgentsDatabase);
        return new AgentsDatabase(postgres.AddDatabase(ServiceNames.AgentsDatabase), postgres);
    }

    /// <summary>
    /// Without sidecars the services call each other at their own endpoints: the gateway forwards the workflow API
    /// to the orchestrator and sends verifications to the sandbox; the orchestrator calls the sandbox and posts its
    /// events to the gateway's subscription route. Pipelines then run on the embedded backend. The references also give
    /// each service Aspire's service-discovery entries (<c>services__&lt;name&gt;__http__0</c>) for the ones it calls.
    /// </summary>
    public static void ConnectDirectly(this AgentsServices services)
    {
        // WithReference gives each caller services__{name}__http__0, which service discovery resolves http://{name} by.
        services.Gateway
            .WithReference(services.Orchestrator)
            .WithReference(services.Sandbox)
            .WaitFor(services.Orchestrator);
        services.Orchestrator
            .WithReference(services.Sandbox)
            .WithReference(services.Gateway)
            .WaitFor(services.Sandbox);
    }
}
