using Agents.Contracts;

namespace Agents.Sandbox.Tests.Toolchains;

/// <summary>C# runs restore, build and test in the sandbox: slow, so one test covers the whole path.</summary>
public sealed class CSharpToolchainTests : IDisposable
{
    private readonly SandboxHarness _sandbox = SandboxHarness.Create();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Verify_DotnetTestOffline_CountsFromTrxAndChecksClaimsWithRoslyn()
    {
        var request = new VerificationRequest(
            VerificationLanguages.CSharp,
            new Dictionary<string, string> { ["Calculator.cs"] = "namespace Demo;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b) => a + b;\n}\n" },
            new Dictionary<string, string>
            {
                ["CalculatorTests.cs"] = "namespace Demo;\n\npublic class CalculatorTests\n{\n    [Fact]\n    public void Add_Sums() => Assert.Equal(3, Calculator.Add(1, 2));\n\n    [Fact]\n    public void Add_IsWrongOnPurpose() => Assert.Equal(4, Calculator.Add(1, 2));\n}\n",
            },
            [new("class", "Calculator", "Calculator.cs"), new("method", "Calculator.Add"), new("function", "Subtract")],
            TimeoutSeconds: 240);

        var result = await _sandbox.VerifyAsync(request);

        Assert.True(result.Checkpoint(CheckpointNames.Syntax).Passed);
        Assert.Equal(["claim-verified", "claim-verified", "claim-missing"], result.Checkpoint(CheckpointNames.Claims).Findings.Select(f => f.Rule));
        Assert.Equal(new[] { 1, 1, 0 }, new[] { result.Tests.Passed, result.Tests.Failed, result.Tests.Errors });
        Assert.Contains("Add_IsWrongOnPurpose", result.Tests.Failures.Single().Name, StringComparison.Ordinal);
        Assert.Contains("dotnet test", result.Checkpoint(CheckpointNames.Tests).Proof.Command.Replace("/usr/share/dotnet/", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(result.Verified);
    }

    [Fact]
    public async Task Verify_CSharpSyntaxErrorAndBinaryFormatter_AreFoundByRoslynWithoutRunning()
    {
        var request = new VerificationRequest(
            VerificationLanguages.CSharp,
            new Dictionary<string, string>
            {
                ["Bad.cs"] = "public class Bad {\n    public void M( {\n}\n",
                ["Load.cs"] = "public class Load {\n    public object Read(System.IO.Stream s) => new BinaryFormatter().Deserialize(s);\n}\n",
            },
            new Dictionary<string, string> { ["T.cs"] = "public class T { }\n" });

        var result = await _sandbox.VerifyAsync(request);

        Assert.False(result.Verified);
        Assert.Contains(result.Checkpoint(CheckpointNames.Syntax).Findings, f => f.File == "Bad.cs" && f.Line == 2);
        Assert.Contains(result.Checkpoint(CheckpointNames.Security).Findings, f => f is { Rule: "cs-unsafe-deserialisation", File: "Load.cs", Line: 2, Severity: FindingSeverities.High });
        Assert.Equal("(not run)", result.Checkpoint(CheckpointNames.Tests).Proof.Command);
    }
}
