using Agents.Gateway.Infrastructure;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the gateway's dependency injection, in one place.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.AddAgentsDatabase();
        builder.AddAgentsLlm();
        builder.AddAgentsSandbox();
        builder.AddAgentsPipeline();
        builder.AddGatewaySecurity();
    }
}
