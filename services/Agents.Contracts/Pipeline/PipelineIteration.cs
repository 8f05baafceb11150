namespace Agents.Contracts;

/// <summary>
/// One verification run of a pipeline: which code and tests ran (artifact keys), how it came about and what the sandbox
/// found. A durable contract (it is in workflow state).
/// </summary>
/// <param name="Number">1-based.</param>
/// <param name="Resolution">How this iteration's code or tests came about (<see cref="RepairResolutions"/>).</param>
/// <param name="FilesKey">Artifact key of the code files.</param>
/// <param name="TestsKey">Artifact key of the test files.</param>
/// <param name="VerificationKey">Artifact key of the sandbox's <see cref="VerificationResult"/>.</param>
/// <param name="Disputes">Tests the coder disputed before this iteration and the test designer's verdicts.</param>
public sealed record PipelineIteration(
    int Number,
    string Resolution,
    string FilesKey,
    string TestsKey,
    string VerificationKey,
    bool Verified,
    double TrustScore,
    int TestsPassed,
    int TestsFailed,
    IReadOnlyList<DisputeOutcome> Disputes);

/// <summary>A disputed test and what the test designer decided.</summary>
public sealed record DisputeOutcome(string Test, string Reason, bool Corrected, string Explanation);
