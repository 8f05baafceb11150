namespace Agents.Pipeline.Storage;

/// <summary>
/// Stores what steps produce (plans, files, tests, verification results) as JSON under keys of the form
/// <c>{run}/{step}-{attempt}</c>, so workflow state holds keys, not blobs. Files under the data folder, or PostgreSQL.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores <paramref name="json"/> under <paramref name="key"/>; the first write wins, so a re-run step keeps what it stored first.</summary>
    Task PutAsync(string key, string json, CancellationToken cancellationToken);

    /// <summary>The JSON stored under <paramref name="key"/>, or null.</summary>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);
}
