using Agents.Contracts;

namespace Agents.Sandbox.Tests;

public sealed class IsolationTests
{
    [Fact]
    public async Task Verify_WithoutBubblewrap_RefusesAndSaysHowToProceed()
    {
        using var sandbox = SandboxHarness.Create(o => o.BubblewrapPath = "/nonexistent/bwrap");

        var refusal = await Assert.ThrowsAsync<SandboxUnavailableException>(() => sandbox.VerifyAsync(Requests.Python(Requests.PassingTest)));

        Assert.Contains("bubblewrap is not installed", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUnisolated", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithoutBubblewrapButExplicitlyAllowed_RunsAndSaysItIsUnisolated()
    {
        using var sandbox = SandboxHarness.Create(o =>
        {
            o.BubblewrapPath = "/nonexistent/bwrap";
            o.AllowUnisolated = true;
        });

        var result = await sandbox.VerifyAsync(Requests.Python(Requests.PassingTest));

        Assert.True(result.Verified);
        Assert.Equal("none", result.Isolation);
        Assert.StartsWith("UNISOLATED", result.Checkpoint(CheckpointNames.Tests).Proof.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_InvalidPath_ThrowsNamingThePathBeforeAnythingRuns()
    {
        using var sandbox = SandboxHarness.Create();
        var request = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["../../etc/cron.d/x"] = "* * * * * root id" });

        var rejected = await Assert.ThrowsAsync<InvalidVerificationRequestException>(() => sandbox.VerifyAsync(request));

        Assert.Contains("files[../../etc/cron.d/x]", rejected.Errors.Keys);
        Assert.Empty(sandbox.LeftoverWorkspaces());
    }
}
