using Agents.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the sandbox host's dependency injection, in one place. It holds no secrets: it runs untrusted code.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults(AgentsJsonContext.Default);
        builder.Services.AddOpenApi();
        builder.AddAgentsSandbox(readinessCheck: true);
    }
}
