using Agents.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
