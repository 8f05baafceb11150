namespace Agents.Pipeline;

/// <summary>
/// What the event stream asks about a run: whether it exists and whether it has ended. <see cref="PipelineRuns"/>
/// answers from the workflow runtime; the gateway's distributed mode asks the orchestrator.
/// </summary>
public interface IPipelineRunStatus
{
    /// <summary>Why runs cannot be served here, or null when they can.</summary>
    string? Problem { get; }

    Task<bool> ExistsAsync(string id, CancellationToken cancellationToken);

    /// <summary>True once the run has ended (also when it ended without publishing a final event).</summary>
    Task<bool> IsFinishedAsync(string id, CancellationToken cancellationToken);
}
