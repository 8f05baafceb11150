using System.Reflection;
using System.Text.Json;
using Agents.Contracts;
using Agents.Gateway.Distributed;
using Agents.Gateway.Security;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Agents.Gateway.Mcp;

/// <summary>The MCP server at <c>/mcp</c> (Streamable HTTP): the pipeline and verification tools and a run's files.</summary>
internal static class McpExtensions
{
    public const string Route = "/mcp";

    public static void AddGatewayMcp(this IHostApplicationBuilder builder)
    {
        // The tools call IPipelineOperations: this process's runs (embedded) or the orchestrator's (distributed).
        // The contracts serialise as the HTTP API writes them (camelCase, enums as strings); MCP's own types after them.
        var json = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        json.TypeInfoResolverChain.Insert(0, AgentsJsonContext.Default);
        json.TypeInfoResolverChain.Insert(1, McpJsonContext.Default);

        builder.Services.AddMcpServer(options => options.ServerInfo = new Implementation
            {
                Name = "agents",
                Title = "Agents: requirements to verified code",
                Version = typeof(McpExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0",
            })
            // Stateless: every request stands alone, so any gateway replica can answer it and nothing is kept per client.
            .WithHttpTransport(options => options.Stateless = true)
            .WithTools<PipelineTools>(json)
            .WithTools<VerificationTools>(json)
            .WithResources<RunFileResources>();
    }

    /// <summary>
    /// Maps <c>/mcp</c> in the gateway's policy group (API keys, the general rate limit). Tool calls start runs and run
    /// code, so they count like <c>/api/verify</c>; and, being plain endpoints rather than route handlers, they get the
    /// same-origin rule as a convention, not as the group's endpoint filter.
    /// </summary>
    public static IEndpointConventionBuilder MapGatewayMcp(this IEndpointRouteBuilder api) =>
        api.MapMcp(Route).WithTags("MCP").RequireRateLimiting(ApiRateLimits.ChatAndVerify).RequireSameOrigin();
}
