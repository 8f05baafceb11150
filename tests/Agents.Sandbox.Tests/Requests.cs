using Agents.Contracts;

namespace Agents.Sandbox.Tests;

/// <summary>Small requests for tests.</summary>
internal static class Requests
{
    public const string Solution = "def add(a, b):\n    return a + b\n";

    /// <summary>A pytest test that <see cref="Solution"/> passes.</summary>
    public const string PassingTest = "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n";

    public static VerificationRequest Python(string test, string solution = Solution, int timeoutSeconds = 20, IReadOnlyList<CodeClaim>? claims = null) =>
        new(VerificationLanguages.Python, new Dictionary<string, string> { ["solution.py"] = solution }, new Dictionary<string, string> { ["test_solution.py"] = test }, claims, timeoutSeconds);

    public static VerificationCheckpoint Checkpoint(this VerificationResult result, string name) =>
        result.Checkpoints.Single(c => c.Name == name);
}
