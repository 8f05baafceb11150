using Agents.Contracts;

namespace Agents.Sandbox.Toolchains;

/// <summary>A test run's proof and the summary read from its report; null summary when there was no readable report.</summary>
internal sealed record TestRun(CheckpointProof Proof, TestSummary? Summary, string? Problem);
