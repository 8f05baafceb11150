using Npgsql;

namespace Agents.Pipeline.Storage;

/// <summary>
/// The pipeline's PostgreSQL tables (schema <c>pipeline</c>), created on first use, over the host's shared data source
/// (which its owner disposes).
/// </summary>
internal sealed class PipelineDatabase(NpgsqlDataSource dataSource) : IDisposable
{
    private const string CreateTables = """
        CREATE SCHEMA IF NOT EXISTS pipeline;
        CREATE TABLE IF NOT EXISTS pipeline.artifacts (
            key text PRIMARY KEY,
            body text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS pipeline.events (
            seq bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            run_id text NOT NULL,
            body text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS events_run ON pipeline.events (run_id, seq);
        -- The outbox (PipelineEventOutbox). The default marks rows relayed: rows from before this column, and those
        -- of hosts that do not relay, are never sent; a relaying host inserts NULL explicitly.
        ALTER TABLE pipeline.events ADD COLUMN IF NOT EXISTS relayed_at timestamptz NULL DEFAULT now();
        CREATE INDEX IF NOT EXISTS events_unrelayed ON pipeline.events (seq) WHERE relayed_at IS NULL;
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _created;

    /// <summary>The data source every statement goes through.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = new NpgsqlCommand(CreateTables, connection);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (PostgresException ex) when (attempt == 1 && ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema
                    or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateColumn)
                {
                    // Another process ran this at the same moment (IF NOT EXISTS is not atomic across sessions) and the
                    // batch rolled back; once more, everything it created exists and the rest is applied.
                }
            }
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
