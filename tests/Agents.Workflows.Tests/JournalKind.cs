namespace Agents.Workflows.Tests;

public enum JournalKind
{
    Memory,
    File,
    Postgres,
}
