namespace Agents.Contracts;

/// <summary>The answer to a started pipeline: its run id (also in the <c>Location</c> header).</summary>
public sealed record PipelineAccepted(string Id);
