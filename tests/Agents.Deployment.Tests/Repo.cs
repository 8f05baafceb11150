using System.Text.Json;
using Agents.Testing;

namespace Agents.Deployment.Tests;

/// <summary>The deployment artefacts of the repository, by path.</summary>
internal static class Repo
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([TestPaths.RepoRoot, .. parts]);

    public static string ComponentsRoot => Path("components");

    /// <summary>A path the AppHost gives relative to its own directory (as the Dapr toolkit resolves it), made absolute.</summary>
    public static string FromAppHost(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path("AppHost"), relative));

    public static JsonDocument Manifest() => JsonDocument.Parse(File.ReadAllText(Path("aspire-manifest.json")));

    public static JsonElement Resources(this JsonDocument manifest) => manifest.RootElement.GetProperty("resources");

    public static IEnumerable<(string Name, JsonElement Resource)> OfType(this JsonDocument manifest, string type) =>
        manifest.Resources().EnumerateObject()
            .Where(r => r.Value.GetProperty("type").GetString() == type)
            .Select(r => (r.Name, r.Value));
}
