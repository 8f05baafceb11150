namespace Agents.SdkWorkflows.Tests;

/// <summary>The SDK semantic suite on the in-memory store.</summary>
public sealed class MemorySdkSemanticsTests : SdkSemanticsTests
{
    protected override Task<(string? Directory, string? Postgres)> NewStoreAsync() => Task.FromResult<(string?, string?)>((null, null));
}
