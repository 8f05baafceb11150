using System.Reflection;

namespace Agents.Testing;

/// <summary>Where the repository and sibling projects' build outputs are, as baked in at build time.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = Metadata("AgentsRepoRoot");

    public static string Configuration { get; } = Metadata("AgentsConfiguration");

    /// <summary>The built entry assembly of a project under <c>services/</c> (or another folder).</summary>
    public static string ProjectOutput(string projectName, string folder = "services")
    {
        var path = Path.Combine(RepoRoot, folder, projectName, "bin", Configuration, "net10.0", projectName + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{projectName} is not built at {path}; reference it from the test project so it builds first.");
    }

    private static string Metadata(string key)
    {
        var value = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        return !string.IsNullOrEmpty(value)
            ? value
            : throw new InvalidOperationException($"Assembly metadata '{key}' is missing; tests/Directory.Build.props sets it.");
    }
}
