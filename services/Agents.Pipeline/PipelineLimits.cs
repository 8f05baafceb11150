using Agents.Contracts;

namespace Agents.Pipeline;

/// <summary>Bounds of a run, in one place.</summary>
public static class PipelineLimits
{
    public const int DefaultMaxIterations = 3;
    public const int MinIterations = PipelineApiLimits.MinIterations;
    public const int MaxIterations = PipelineApiLimits.MaxIterations;

    /// <summary>Plans a run may make: the first plus re-plans after rejections at the approval gate.</summary>
    public const int MaxPlanAttempts = 3;

    /// <summary>Requests per structured LLM call: the first plus re-asks when the answer does not fit the schema.</summary>
    public const int StructuredAttempts = 3;

    public const int MaxReasonLength = PipelineApiLimits.MaxReasonLength;

    /// <summary>
    /// The external event the approval gate waits for, per plan: a decision about an earlier plan (a double click
    /// arriving after a re-plan) must not approve a plan nobody has seen.
    /// </summary>
    public static string ApprovalEventName(int planAttempt) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"approval-{planAttempt}");
}
