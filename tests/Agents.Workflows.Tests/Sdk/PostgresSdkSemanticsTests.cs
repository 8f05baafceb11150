using Agents.Testing;

namespace Agents.SdkWorkflows.Tests;

/// <summary>The SDK semantic suite on the PostgreSQL store (a fresh database per test).</summary>
public sealed class PostgresSdkSemanticsTests(PostgresFixture postgres) : SdkSemanticsTests
{
    protected override async Task<(string? Directory, string? Postgres)> NewStoreAsync() =>
        (null, await postgres.CreateDatabaseAsync("taskhub"));
}
