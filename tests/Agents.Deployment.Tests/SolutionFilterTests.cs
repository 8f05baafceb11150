using System.Text.Json;
using System.Text.RegularExpressions;
using Agents.Testing;

namespace Agents.Deployment.Tests;

/// <summary>The offline build (Agents.Offline.slnf) is the full solution minus exactly the blind projects.</summary>
public sealed partial class SolutionFilterTests
{
    // Projects whose packages (Aspire, Dapr, CommunityToolkit, Microsoft.Extensions.AI) are absent offline.
    private static readonly HashSet<string> s_blind = new(StringComparer.Ordinal)
    {
        "AppHost/AppHost.csproj",
        "services/Agents.Dapr/Agents.Dapr.csproj",
        "tests/Agents.AppHost.Tests/Agents.AppHost.Tests.csproj",
    };

    [Fact]
    public void OfflineFilter_HoldsEverySolutionProjectExceptTheBlindOnes()
    {
        var inSolution = ProjectPattern().Matches(File.ReadAllText(Repo.Path("Agents.sln")))
            .Select(m => m.Groups[1].Value.Replace('\\', '/'))
            .ToHashSet();
        using var filter = JsonDocument.Parse(File.ReadAllText(Repo.Path("Agents.Offline.slnf")));
        var inFilter = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray()
            .Select(p => p.GetString()!.Replace('\\', '/'))
            .ToHashSet();

        Assert.Contains("AppHost/AppHost.csproj", inSolution);
        Assert.Empty(inFilter.Except(inSolution));
        Assert.Empty(inSolution.Except(s_blind).Except(inFilter));
        Assert.Empty(inFilter.Intersect(s_blind));
    }

    [Fact]
    public void BlindProjects_AreNotReferencedByOfflineProjects()
    {
        // An offline project referencing a blind one would break the offline build; the hosts reach the Dapr
        // adapter only under a condition on AgentsOffline.
        foreach (var project in Directory.EnumerateFiles(TestPaths.RepoRoot, "*.csproj", SearchOption.AllDirectories)
                     .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(TestPaths.RepoRoot, project).Replace('\\', '/');
            if (s_blind.Contains(relative))
            {
                continue;
            }
            foreach (var line in File.ReadLines(project).Where(l => l.Contains("Agents.Dapr.csproj", StringComparison.Ordinal) || l.Contains("AppHost.csproj", StringComparison.Ordinal)))
            {
                Assert.True(line.Contains("AgentsOffline", StringComparison.Ordinal), $"{relative} references a blind project without an AgentsOffline condition: {line.Trim()}");
            }
        }
    }

    [GeneratedRegex(@"^Project\(""\{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC\}""\) = ""[^""]+"", ""([^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex ProjectPattern();
}
