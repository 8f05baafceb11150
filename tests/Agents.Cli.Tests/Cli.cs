using Agents.Testing;

namespace Agents.Cli.Tests;

/// <summary>Runs the built `agents` binary as a user would, with its own profile file and no key unless given.</summary>
internal static class Cli
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? input = null)
    {
        var profile = Path.Combine(TempDirectories.Create("agents-cli-profile-"), "profile.json");
        var variables = new Dictionary<string, string?> { ["AGENTS_PROFILE"] = profile, ["AGENTS_API_KEY"] = null, ["NO_COLOR"] = "1" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }
        var assembly = TestPaths.ProjectOutput("Agents.Cli", "tools");
        await using var process = ChildProcess.Start("dotnet", [assembly, .. arguments], variables, Path.GetDirectoryName(assembly));
        if (input is not null)
        {
            await process.Input.WriteAsync(input);
        }
        process.Input.Close();
        var exitCode = await process.WaitForExitAsync(Timeout);
        return (exitCode, process.Output);
    }
}
