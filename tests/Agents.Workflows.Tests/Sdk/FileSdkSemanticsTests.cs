using Agents.Testing;

namespace Agents.SdkWorkflows.Tests;

/// <summary>The SDK semantic suite on the file store (every change fsynced before it is acknowledged).</summary>
public sealed class FileSdkSemanticsTests : SdkSemanticsTests
{
    protected override Task<(string? Directory, string? Postgres)> NewStoreAsync() =>
        Task.FromResult<(string?, string?)>((TempDirectories.Create("agents-taskhub-"), null));
}
