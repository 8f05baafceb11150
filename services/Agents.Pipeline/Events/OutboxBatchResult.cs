namespace Agents.Pipeline.Events;

/// <summary>What one <see cref="PipelineEventOutbox.RelayBatchAsync"/> did.</summary>
public enum OutboxBatchResult
{
    /// <summary>Everything pending was sent.</summary>
    Drained,

    /// <summary>A full batch was sent; more may be pending.</summary>
    More,

    /// <summary>A send failed; that event and those after it are still pending.</summary>
    SendFailed,

    /// <summary>Another process is relaying right now.</summary>
    Busy,
}
