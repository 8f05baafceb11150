using Agents.Testing;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
namespace Agents.SdkWorkflows.Tests;

/// <summary>The SDK semantic suite on the file store (every change fsynced before it is acknowledged).</summary>
public sealed class FileSdkSemanticsTests : SdkSemanticsTests
{
    protected override Task<(string? Directory, string? Postgres)> NewStoreAsync() =>
        Task.FromResult<(string?, string?)>((TempDirectories.Create("agents-taskhub-"), null));
}
