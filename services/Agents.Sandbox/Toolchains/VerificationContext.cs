using Agents.Sandbox.Workspaces;

namespace Agents.Sandbox.Toolchains;

/// <summary>One verification in progress: its workspace, its sandbox slot and the files by role.</summary>
internal sealed record VerificationContext(
    Workspace Workspace,
    int Slot,
    TimeSpan TestTimeout,
    IReadOnlyList<string> CodeFiles,
    IReadOnlyList<string> TestFiles,
    IReadOnlyDictionary<string, string> Contents)
{
    public IEnumerable<string> AllFiles => CodeFiles.Concat(TestFiles);
}
