using Agents.Contracts;

namespace Agents.Pipeline.Activities;

// Activity inputs and results. They are in the workflow journal, so they are durable contracts: add fields with
// defaults or a V2, never change a meaning.

/// <summary>Asks the planner for a plan; <paramref name="Feedback"/> is a rejection reason from the approval gate.</summary>
internal sealed record PlanRequest(string RunId, int Attempt, string Requirements, string Language, string? PreviousPlanKey, string? Feedback);

/// <summary>Asks the test designer for tests from the requirements and the plan, never from the code.</summary>
internal sealed record TestsRequest(string RunId, string Requirements, string Language, string PlanKey);

/// <summary>Asks the coder for the first code.</summary>
internal sealed record CodeRequest(string RunId, string Requirements, string Language, string PlanKey);

/// <summary>Asks the coder to repair code given the failed verification's evidence.</summary>
internal sealed record RepairRequest(string RunId, int Iteration, string Requirements, string Language, string PlanKey, string FilesKey, string TestsKey, string VerificationKey);

/// <summary>Asks the test designer to re-examine tests the coder disputed.</summary>
internal sealed record ReviewRequest(string RunId, int Iteration, string Requirements, string Language, string PlanKey, string TestsKey, string VerificationKey, IReadOnlyList<TestDispute> Disputes);

/// <summary>Verifies and tests the files at <paramref name="FilesKey"/> with the tests at <paramref name="TestsKey"/>.</summary>
internal sealed record VerifyRequest(string RunId, int Iteration, string Language, string FilesKey, string TestsKey);

/// <summary>
/// What an LLM step produced: the artifact key, the role and its usage, a one-line summary; <paramref name="Error"/>
/// when the model gave no usable answer (the run fails with it; asking again would not help).
/// </summary>
internal sealed record LlmStepResult(
    string Key,
    string Role,
    UsageTotals Usage,
    string Summary,
    string? Error = null,
    IReadOnlyList<TestDispute>? Disputes = null,
    IReadOnlyList<TestVerdict>? Verdicts = null);

/// <summary>The sandbox's verdict on one iteration; the full result (checkpoints with proof) is at <paramref name="Key"/>.</summary>
internal sealed record VerifyStepResult(string Key, bool Verified, double TrustScore, int TestsPassed, int TestsFailed, string Summary, string? Error = null);

/// <summary>A progress event the workflow asks to publish (workflow code may not do I/O).</summary>
internal sealed record EventNotice(
    string Kind,
    string RunId,
    int Attempt = 0,
    string? Key = null,
    bool Approved = false,
    string? Reason = null,
    double TrustScore = 0,
    int TestsFailed = 0,
    string? Summary = null,
    PipelineInput? Input = null);

/// <summary>Publishes the run's final event (completed or failed) once the workflow has its result.</summary>
internal sealed record FinishRequest(string RunId, PipelineSnapshot Snapshot);

/// <summary>An LLM step's stored artifact: the answer, who gave it and what it cost.</summary>
internal sealed record LlmArtifact<T>(T Value, string Role, UsageTotals Usage);

/// <summary>The part of a code or repair artifact that verification and the API read.</summary>
internal sealed record FilesView(IReadOnlyList<SourceFile> Files, IReadOnlyList<CodeClaim> Claims);
