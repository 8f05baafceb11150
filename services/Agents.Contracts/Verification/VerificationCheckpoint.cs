namespace Agents.Contracts;

/// <summary>One verifier's verdict and the evidence for it.</summary>
/// <param name="Name"><c>syntax</c>, <c>claims</c>, <c>security</c> or <c>tests</c> (<see cref="CheckpointNames"/>).</param>
/// <param name="Passed">Whether the checkpoint passed.</param>
/// <param name="Proof">The command that produced the verdict, its exit code, duration and an output excerpt.</param>
/// <param name="Findings">What the verifier found (problems, unverified claims, failed tests).</param>
public sealed record VerificationCheckpoint(string Name, bool Passed, CheckpointProof Proof, IReadOnlyList<VerificationFinding> Findings);
