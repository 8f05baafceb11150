using Npgsql;

namespace Agents.Pipeline.Storage;

/// <summary>Artifacts in <c>pipeline.artifacts</c>; the first write of a key wins.</summary>
internal sealed class PostgresArtifactStore(PipelineDatabase database) : IArtifactStore
{
    public PipelineDatabase Database => database;

    public async Task PutAsync(string key, string json, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("INSERT INTO pipeline.artifacts (key, body) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", connection);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(json);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT body FROM pipeline.artifacts WHERE key = $1", connection);
        command.Parameters.AddWithValue(key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
