namespace Agents.Contracts;

/// <summary>The bounds the pipeline API's requests are validated against (part of the contract clients code to).</summary>
public static class PipelineApiLimits
{
    public const int MinIterations = 1;
    public const int MaxIterations = 10;
    public const int MaxReasonLength = 2_000;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
}
