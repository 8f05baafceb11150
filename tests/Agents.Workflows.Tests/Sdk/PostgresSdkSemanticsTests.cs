using Agents.Testing;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
namespace Agents.SdkWorkflows.Tests;

/// <summary>The SDK semantic suite on the PostgreSQL store (a fresh database per test).</summary>
public sealed class PostgresSdkSemanticsTests(PostgresFixture postgres) : SdkSemanticsTests
{
    protected override async Task<(string? Directory, string? Postgres)> NewStoreAsync() =>
        (null, await postgres.CreateDatabaseAsync("taskhub"));
}
