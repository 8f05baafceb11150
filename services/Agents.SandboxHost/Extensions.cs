using Agents.Contracts;
using Agents.Sandbox.Grpc;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the sandbox host's dependency injection, in one place. It holds no secrets: it runs untrusted code.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddApiDefaults(AgentsJsonContext.Default);
        builder.Services.AddOpenApi();
        builder.AddAgentsSandbox(readinessCheck: true);
        builder.AddSandboxGrpc();
    }
}
