namespace Agents.Pipeline.Operations;

/// <summary>A request the pipeline API refuses, with the same field names and messages as its 400 problem details.</summary>
public sealed class PipelineRequestRejectedException : Exception
{
    public PipelineRequestRejectedException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public PipelineRequestRejectedException(string message)
        : base(message) => Errors = new Dictionary<string, string[]>();

    public PipelineRequestRejectedException(string message, Exception innerException)
        : base(message, innerException) => Errors = new Dictionary<string, string[]>();

    public PipelineRequestRejectedException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))) => Errors = errors;

    /// <summary>Field (as the JSON contract names it, e.g. <c>maxIterations</c>) → what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
