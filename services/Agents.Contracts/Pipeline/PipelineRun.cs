namespace Agents.Contracts;

/// <summary>A run as <c>GET /api/workflow/{id}</c> shows it: status, step, plan, files, every iteration's checkpoints, trust score, usage.</summary>
public sealed record PipelineRun(
    string Id,
    string Status,
    string Step,
    int Iteration,
    string Requirements,
    string Language,
    int MaxIterations,
    string Approval,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    PipelinePlan? Plan,
    IReadOnlyList<SourceFile> Tests,
    IReadOnlyList<SourceFile> Files,
    IReadOnlyList<PipelineRunIteration> Iterations,
    double TrustScore,
    PipelineUsage Usage,
    string? Reason);

/// <summary>One iteration with its checkpoints and their proof.</summary>
public sealed record PipelineRunIteration(
    int Number,
    string Resolution,
    bool Verified,
    double TrustScore,
    TestSummary? Tests,
    IReadOnlyList<VerificationCheckpoint> Checkpoints,
    IReadOnlyList<DisputeOutcome> Disputes);

/// <summary>A run in the list (<c>GET /api/workflow</c>).</summary>
public sealed record PipelineRunSummary(string Id, string Status, string Step, string Language, string Requirements, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One page of runs, newest first; pass <paramref name="Next"/> as <c>?next=</c> for the following page.</summary>
public sealed record PipelineRunPage(IReadOnlyList<PipelineRunSummary> Runs, string? Next);
