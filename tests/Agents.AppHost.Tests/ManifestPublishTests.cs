using System.Text.Json.Nodes;
using Agents.Testing;

namespace Agents.AppHost.Tests;

/// <summary>
/// aspire-manifest.json is what the AppHost's manifest publisher writes, not a hand-written file: a fresh publish equals
/// the checked-in one. Both are published with <c>--Agents:Sidecars=none</c>, the one publish every build can make: with
/// sidecars (the default, which `azd up` deploys) the publisher needs the Dapr hosting package (AgentsFullStack=true)
/// and the Dapr CLI, and would add the <c>pubsub</c> and <c>statestore</c> components and the <c>*-dapr</c> sidecars
/// in place of the services' direct URLs (README, "Deploy to Azure").
/// </summary>
public sealed class ManifestPublishTests
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMinutes(2);

    // Manifest values that are paths, written relative to the manifest's own folder.
    private static readonly HashSet<string> s_pathKeys = new(StringComparer.Ordinal) { "path", "context", "dockerfile", "localPath" };

    [Fact]
    public async Task CheckedInManifest_EqualsAFreshPublish()
    {
        var output = Directory.CreateTempSubdirectory("agents-manifest-").FullName;
        try
        {
            var fresh = Path.Combine(output, "aspire-manifest.json");
            var appHostDirectory = Path.Combine(TestPaths.RepoRoot, "AppHost");
            await using var appHost = ChildProcess.Start(
                "dotnet",
                [TestPaths.ProjectOutput("AppHost", folder: ""), "--publisher", "manifest", "--output-path", fresh, "--Agents:Sidecars=none"],
                workingDirectory: appHostDirectory);
            Assert.True(await appHost.WaitForExitAsync(s_publishTimeout) == 0, appHost.Output);

            var expected = Normalize(Path.Combine(TestPaths.RepoRoot, "aspire-manifest.json"));
            var actual = Normalize(fresh);
            Assert.True(
                JsonNode.DeepEquals(expected, actual),
                "aspire-manifest.json differs from a fresh publish; regenerate it (README, \"Deploy to Azure\"). Fresh:\n" + actual.ToJsonString());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    // The manifest with its paths made absolute, so that files published to different folders compare.
    private static JsonNode Normalize(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        MakePathsAbsolute(root, Path.GetDirectoryName(file)!);
        return root;
    }

    private static void MakePathsAbsolute(JsonNode node, string folder)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (s_pathKeys.Contains(key) && value is JsonValue v && v.TryGetValue<string>(out var path))
                {
                    obj[key] = Path.GetFullPath(Path.Combine(folder, path));
                }
                else if (value is not null)
                {
                    MakePathsAbsolute(value, folder);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                MakePathsAbsolute(item, folder);
            }
        }
    }
}
