namespace Agents.Pipeline.Hosting;

/// <summary>
/// Whether this process runs pipelines. It does not when its data folder belongs to another process or the runtime
/// cannot start; the rest of the host keeps serving and the pipeline API answers 503 with <see cref="Problem"/>.
/// </summary>
public sealed class PipelineRuntime
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _problem;

    /// <summary>The data folder this process locks (file storage), or null with PostgreSQL.</summary>
    public string? DataDirectory { get; init; }

    public string? Problem => _problem;

    /// <summary>Completes once the runtime has started or has been disabled (then <see cref="Problem"/> says why).</summary>
    internal Task WaitUntilStartedAsync(CancellationToken cancellationToken) => _settled.Task.WaitAsync(cancellationToken);

    internal void MarkStarted() => _settled.TrySetResult();

    internal void Disable(string problem)
    {
        _problem = problem;
        _settled.TrySetResult();
    }
}
