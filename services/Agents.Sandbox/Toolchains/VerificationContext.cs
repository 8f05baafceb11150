using Agents.Sandbox.Workspaces;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// One verification in progress: its workspace, its sandbox slot and the files by role.
/// <see cref="UntrustedTestSide"/> is true when the files under verification (not the tests) bring an untrusted
/// test-side file: the harness then loads no test configuration from the workspace at all (no conftest).
/// </summary>
internal sealed record VerificationContext(
    Workspace Workspace,
    int Slot,
    TimeSpan TestTimeout,
    IReadOnlyList<string> CodeFiles,
    IReadOnlyList<string> TestFiles,
    IReadOnlyDictionary<string, string> Contents,
    bool UntrustedTestSide = false)
{
    public IEnumerable<string> AllFiles => CodeFiles.Concat(TestFiles);
}
