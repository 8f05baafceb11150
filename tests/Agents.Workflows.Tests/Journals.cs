namespace Agents.Workflows.Tests;

/// <summary>Theory data: every semantic test runs against each journal.</summary>
public static class Journals
{
    public static TheoryData<JournalKind> All { get; } = new(JournalKind.Memory, JournalKind.File, JournalKind.Postgres);

    public static TheoryData<JournalKind> Durable { get; } = new(JournalKind.File, JournalKind.Postgres);
}
