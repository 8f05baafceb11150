namespace Agents.Pipeline.Hosting;

/// <summary>
/// Whether this process runs pipelines. It does not when its data folder belongs to another process or the journal
/// cannot be opened; the rest of the host keeps serving and the pipeline API answers 503 with <see cref="Problem"/>.
/// </summary>
public sealed class PipelineRuntime
{
    private volatile string? _problem;

    /// <summary>The data folder this process locks (file storage), or null with PostgreSQL.</summary>
    public string? DataDirectory { get; init; }

    public string? Problem => _problem;

    internal void Disable(string problem) => _problem = problem;
}
