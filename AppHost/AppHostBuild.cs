using System.Reflection;

namespace Agents.Deployment;

/// <summary>What this AppHost binary was built with (MSBuild properties stamped into the assembly by AppHost.csproj).</summary>
internal static class AppHostBuild
{
    /// <summary>Whether the hosting packages for Dapr sidecars, Ollama and Kafka are in this build (<c>AgentsFullStack</c>).</summary>
    public static bool FullStack { get; } = typeof(AppHostBuild).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Any(a => a.Key == DeploymentPlan.FullStackProperty && string.Equals(a.Value, "true", StringComparison.OrdinalIgnoreCase));
}
