using Agents.Contracts;

namespace Agents.Gateway.Mcp;

/// <summary><c>verify_code</c>'s answer: the verdict first, then what a model needs to fix the code.</summary>
internal sealed record CodeVerification(
    bool Verified,
    double TrustScore,
    bool Tampered,
    int Passed,
    int Failed,
    IReadOnlyList<TestFailure> FailingTests,
    IReadOnlyList<VerificationFinding> Findings,
    IReadOnlyList<string> FailedCheckpoints);

/// <summary><c>start_pipeline</c>'s answer: the run's id and where its files will be readable.</summary>
internal sealed record StartedPipeline(string Id, string Status, string FilesUriTemplate);

/// <summary><c>approve_run</c>'s answer.</summary>
internal sealed record RunDecision(string Id, bool Approved, string Outcome);
