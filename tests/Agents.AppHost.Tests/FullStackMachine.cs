using System.Diagnostics;
using System.Reflection;

namespace Agents.AppHost.Tests;

/// <summary>
/// What the sidecar tests need beyond this repository: an AppHost built with AgentsFullStack=true, a running Docker
/// engine (PostgreSQL, the broker) and the Dapr CLI after <c>dapr init</c>. Where one is missing the tests say which.
/// </summary>
internal static class FullStackMachine
{
    /// <summary>Whether the AppHost was built with AgentsFullStack=true (the Dapr, Ollama and Kafka hosting packages).</summary>
    public static bool Built { get; } = typeof(FullStackMachine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Any(a => a.Key == "AgentsFullStack" && string.Equals(a.Value, "true", StringComparison.OrdinalIgnoreCase));

    public static string? MissingReason { get; } = FindMissing();

    private static string? FindMissing()
    {
        if (!Built)
        {
            return "built with AgentsFullStack=false: the AppHost has no Dapr sidecars, Ollama or Kafka in this build";
        }
        if (!Succeeds("docker", "info"))
        {
            return "no Docker engine answers `docker info`";
        }
        return Succeeds("dapr", "--version") ? null : "the Dapr CLI is not on PATH (install it and run `dapr init`)";
    }

    private static bool Succeeds(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return false;
            }
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
