using Npgsql;

namespace Agents.Workflows;

/// <summary>What the PostgreSQL journal asks of the data source it is given (a host's shared one, or its own).</summary>
public static class PostgresJournalSettings
{
    /// <summary>
    /// Lets Npgsql prepare statements it sees twice, unless the connection string says otherwise: the journal's few
    /// statements run thousands of times, so each is parsed and planned once per connection. And no reset on returning
    /// a connection to the pool: the journal keeps no session state (its only lock is transaction-scoped), so the
    /// <c>DISCARD ALL</c> would be a wasted round trip per operation. Code sharing the data source must keep no session
    /// state either.
    /// </summary>
    public static void Apply(NpgsqlConnectionStringBuilder settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }
        settings.NoResetOnClose = true;
    }
}
