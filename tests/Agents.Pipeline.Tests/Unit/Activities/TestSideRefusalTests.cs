using Agents.Contracts;
using Agents.Pipeline.Activities;

namespace Agents.Pipeline.Tests.Unit.Activities;

public sealed class TestSideRefusalTests
{
    [Fact]
    public void Findings_ForTestSideFilesAndTestPaths_NameEachFileAndItsRule()
    {
        var findings = TestSideRefusal.Findings(
            ["calc.py", "pkg/sitecustomize.py", "check_calc.py", "Directory.Build.targets", "helpers/util.js"], ["check_calc.py"]);

        Assert.Equal(["pkg/sitecustomize.py", "check_calc.py", "Directory.Build.targets"], findings.Select(f => f.File));
        Assert.All(findings, f => Assert.Equal((TestSideRefusal.Rule, FindingSeverities.High), (f.Rule, f.Severity)));
        Assert.Contains("it has the path of a test", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains(TestSideFiles.Rule("Directory.Build.targets")!, findings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_OfARefusal_IsNotVerifiedWithTrustZeroAndIsKnownAsARefusal()
    {
        var result = TestSideRefusal.Result(TestSideRefusal.Findings(["conftest.py"], []));

        Assert.False(result.Verified);
        Assert.Equal(0, result.TrustScore);
        Assert.True(TestSideRefusal.IsRefusal(result));
        Assert.Equal([CheckpointNames.Syntax, CheckpointNames.Claims, CheckpointNames.Security, CheckpointNames.Tests], result.Checkpoints.Select(c => c.Name));
        Assert.Equal("conftest.py", Assert.Single(result.Checkpoints.Single(c => c.Name == CheckpointNames.Security).Findings).File);
    }
}
