using Agents.Contracts;

namespace Agents.Repositories.Editing;

/// <summary>
/// Where the coder's tool loop left the workspace: every applied edit in order, and the files as they are now
/// (ordinal path order). It is the tool loop's durable output, so a re-run activity starts over from the original
/// files rather than re-applying edits.
/// </summary>
public sealed record WorkspaceState(IReadOnlyList<AppliedEdit> Edits, IReadOnlyList<SourceFile> Files);

/// <summary>One file changed by one tool call: <see cref="Change"/> is <c>created</c>, <c>modified</c> or <c>deleted</c>.</summary>
public sealed record AppliedEdit(int Sequence, string Tool, string Path, string Change);
