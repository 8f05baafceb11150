using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Sandbox.Tests;

/// <summary>
/// External ground truth (tests/data, see its README for source and licence): HumanEval tasks with their canonical solutions and mutants, labelled by running the
/// benchmark's own tests. Every scored candidate must be verified exactly when its label says it passes.
/// </summary>
public sealed class DataSetTests
{
    public static string DataFile => Path.Combine(TestPaths.RepoRoot, "tests", "data", "verify-dev.jsonl");

    [Fact]
    public async Task VerifyDev_EveryScoredCandidate_VerifiedMatchesItsBaseAndPlusLabels()
    {
        using var sandbox = SandboxHarness.Create(o => o.MaxParallelVerifications = 4);
        var cases = LoadCases().ToList();

        var outcomes = await Task.WhenAll(cases.Select(async c =>
        {
            var result = await sandbox.VerifyAsync(c.Request);
            return (Case: c, Result: result);
        }));

        var mismatches = outcomes
            .Where(o => o.Result.Verified != o.Case.Expected)
            .Select(o => $"{o.Case.Name}: expected verified={o.Case.Expected}, got {o.Result.Verified} " +
                $"(tests {o.Result.Tests.Passed}/{o.Result.Tests.Failed}/{o.Result.Tests.Errors}; " +
                string.Join("; ", o.Result.Checkpoints.Where(k => !k.Passed).Select(k => k.Name + ": " + string.Join(" | ", k.Findings.Select(f => f.Message[..Math.Min(200, f.Message.Length)])))) + ")")
            .ToList();
        Assert.True(cases.Count >= 300, $"Only {cases.Count} scored cases were found in {DataFile}.");
        Assert.Contains(outcomes, o => o.Result.Verified);
        Assert.Contains(outcomes, o => !o.Result.Verified);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} disagree with their labels:\n" + string.Join("\n", mismatches));
        Assert.Empty(sandbox.LeftoverWorkspaces());
    }

    internal sealed record LabelledCase(string Name, VerificationRequest Request, bool Expected);

    /// <summary>Each candidate with test_base, and with test_plus, where the label is not null.</summary>
    internal static IEnumerable<LabelledCase> LoadCases()
    {
        foreach (var line in File.ReadLines(DataFile).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var task = JsonDocument.Parse(line);
            var root = task.RootElement;
            var taskId = root.GetProperty("task_id").GetString()!;
            foreach (var candidate in root.GetProperty("candidates").EnumerateArray())
            {
                var id = candidate.GetProperty("id").GetString()!;
                var solution = candidate.GetProperty("solution").GetString()!;
                foreach (var (testKey, labelKey) in new[] { ("test_base", "base_pass"), ("test_plus", "plus_pass") })
                {
                    if (root.GetProperty(testKey).ValueKind != JsonValueKind.String || candidate.GetProperty(labelKey).ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        continue;
                    }
                    var request = Requests.Python(root.GetProperty(testKey).GetString()!, solution, timeoutSeconds: 20);
                    yield return new LabelledCase($"{taskId} {id} {testKey}", request, candidate.GetProperty(labelKey).GetBoolean());
                }
            }
        }
    }
}
