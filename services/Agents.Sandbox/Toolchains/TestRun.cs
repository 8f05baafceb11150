using Agents.Contracts;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// A test run's proof and the summary read from the harness's report; null summary when there was no believable
/// report. <see cref="Tampered"/> says why the report was not believed, when it showed signs of tampering;
/// <see cref="ValuesCrossedBoundary"/> whether the code ran in a process of its own, its results reaching the tests
/// as plain data.
/// </summary>
internal sealed record TestRun(CheckpointProof Proof, TestSummary? Summary, string? Problem, string? Tampered = null)
{
    public bool ValuesCrossedBoundary { get; init; }
}
