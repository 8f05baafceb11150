using Agents.Contracts;

namespace Agents.Sandbox.Tests.HostileVerification;

/// <summary>
/// Wrong C# code (<c>Add</c> returns <c>a - b</c>) that tries to get verified anyway, by family: build and runner
/// configuration in the files, a project of its own, forged reports, exits from module initialisers and static
/// constructors, an <c>Assert</c> of its own or patched, values whose equality lies. C# runs build with dotnet in the
/// sandbox (seconds each), so each variant is one run and the classes run in parallel.
/// </summary>
public sealed class CSharpHostileVerificationTests : IDisposable
{
    internal const string Tests = """
        namespace Demo;

        public class CalculatorTests
        {
            [Fact]
            public void Add_Sums() => Assert.Equal(3, Calculator.Add(1, 2));

            [Fact]
            public void Add_Negatives() => Assert.True(Calculator.Add(2, 5) == 7);
        }
        """;

    internal const string Honest = "namespace Demo;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b) => a + b;\n}\n";
    internal const string Wrong = "namespace Demo;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b) => a - b;\n}\n";

    // Test-side files that would redefine what "dotnet test" does or what it runs.
    private const string TestTargetRedefined = """
        <Project>
          <Target Name="VSTest"><Message Importance="high" Text="Passed!  - Failed: 0, Passed: 2" /></Target>
          <Target Name="Build" />
        </Project>
        """;

    private const string TestsRemovedFromCompile = """
        <Project>
          <ItemGroup><Compile Remove="**/*Tests.cs" /></ItemGroup>
        </Project>
        """;

    private const string RunSettings = """
        <RunSettings>
          <RunConfiguration><TestCaseFilter>FullyQualifiedName~Nothing</TestCaseFilter><TreatNoTestsAsError>false</TreatNoTestsAsError></RunConfiguration>
        </RunSettings>
        """;

    private readonly SandboxHarness _sandbox = SandboxHarness.Create(o => o.MaxParallelVerifications = 2);

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string, string> BuildConfigurationFiles => new()
    {
        { "Directory.Build.targets", TestTargetRedefined },
        { "Directory.Build.props", TestsRemovedFromCompile },
        { "verification.runsettings", RunSettings },
    };

    [Fact]
    public async Task Honest_IsVerified()
    {
        var result = await _sandbox.VerifyAsync(Request(Honest));

        Assert.True(result.Verified, Verdicts.Describe(result));
        Assert.Equal(2, result.Tests.Passed);
        Assert.Equal(TrustScore.SharedProcessCap, result.TrustScore);
    }

    [Theory]
    [MemberData(nameof(BuildConfigurationFiles))]
    public async Task BuildOrRunnerConfigurationInTheFiles_IsAHighFinding(string path, string content)
    {
        var result = await _sandbox.VerifyAsync(Request(Wrong, (path, content)));

        Verdicts.AssertTestSideFinding(result, path);
    }

    [Fact]
    public async Task TestTargetRedefinedByDirectoryBuildTargets_HasNoEffectWhenTrusted()
    {
        var files = new Dictionary<string, string> { ["Calculator.cs"] = Wrong, ["Directory.Build.targets"] = TestTargetRedefined };

        var result = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.CSharp, files, TestFiles(), TimeoutSeconds: 240, TrustedFiles: ["Directory.Build.targets"]));

        // The harness's project imports no Directory.Build.* of the request: the real tests ran and failed.
        Verdicts.AssertNotVerified(result);
        Assert.Equal(2, result.Tests.Failed);
    }

    public static TheoryData<string, string> GivenProjects => new()
    {
        // Redefines the test target: nothing runs, no report.
        { "redefines-vstest", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n  <Target Name=\"VSTest\"><Message Importance=\"high\" Text=\"Passed!\" /></Target>\n</Project>\n" },
        // A real xUnit project, so it is honoured and the harness's canaries go into it: the tests fail.
        { "xunit-project", XunitProject("") },
        // Leaves the tests out of its compilation: nothing but the canaries runs.
        { "tests-removed", XunitProject("<ItemGroup><Compile Remove=\"CalculatorTests.cs\" /></ItemGroup>") },
    };

    [Theory]
    [MemberData(nameof(GivenProjects))]
    public async Task ProjectInTheFiles_IsAHighFinding_AndWhenTrustedIsHonouredWithoutVerifyingWrongCode(string variant, string project)
    {
        var files = new Dictionary<string, string> { ["Calculator.cs"] = Wrong, ["Demo.csproj"] = project };

        var untrusted = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.CSharp, files, TestFiles(), TimeoutSeconds: 240));
        var trusted = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.CSharp, files, TestFiles(), TimeoutSeconds: 240, TrustedFiles: ["Demo.csproj"]));

        Verdicts.AssertTestSideFinding(untrusted, "Demo.csproj");
        Assert.False(trusted.Verified, variant + ": " + Verdicts.Describe(trusted));
        Verdicts.AssertNotVerified(trusted);
    }

    [Fact]
    public async Task TrustedProjectInTheFiles_IsTheOneUsed()
    {
        var files = new Dictionary<string, string> { ["Calculator.cs"] = Honest, ["Demo.csproj"] = XunitProject("") };

        var result = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.CSharp, files, TestFiles(), TimeoutSeconds: 240, TrustedFiles: ["Demo.csproj"]));

        Assert.True(result.Verified, Verdicts.Describe(result));
        Assert.Contains("Demo.csproj", result.Checkpoint(CheckpointNames.Tests).Proof.Command, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string> TestFiles() => new() { ["CalculatorTests.cs"] = Tests };

    internal static VerificationRequest Request(string code, params (string Path, string Content)[] extra)
    {
        var files = new Dictionary<string, string> { ["Calculator.cs"] = code };
        foreach (var (path, content) in extra)
        {
            files[path] = content;
        }
        return new VerificationRequest(VerificationLanguages.CSharp, files, TestFiles(), TimeoutSeconds: 240);
    }

    private static string XunitProject(string extra) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Exe</OutputType>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="xunit.v3" Version="3.2.1" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
          </ItemGroup>
          <ItemGroup><Using Include="Xunit" /></ItemGroup>
          {extra}
        </Project>
        """;
}
