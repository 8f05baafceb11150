using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Agents.Contracts;
using Agents.Sandbox.Analysis;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Reports;
using Agents.Sandbox.Workspaces;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// C#: Roslyn syntax trees for syntax, claims and security (in-process: parsing runs nothing); tests run with
/// <c>dotnet test</c> inside the sandbox against an offline package source and report through TRX.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CSharpToolchain(SandboxRunner runner, OfflinePackageSource packages, IOptions<SandboxOptions> options, TimeProvider time) : IToolchain
{
    private const string ReportFolder = VerificationRequestValidator.ReservedFolder;

    private static readonly string[] s_canaryShapes =
    [
        "global::Xunit.Assert.Equal({0}, {1});",
        "global::Xunit.Assert.True({0} > {1});",
        "throw new global::System.InvalidOperationException(\"{2}\");",
        "global::Xunit.Assert.Contains(\"{2}g\", \"{2}\");",
        "if ({0} != {1}) {{ throw new global::System.ArgumentException(\"{2}\"); }}",
    ];
    private const string ReportFile = "report.trx";
    private const string GeneratedProject = "Verification.Tests.csproj";

    // The harness's project: outside the workspace (no Directory.Build.* of the request is on its path, and
    // imports of them are off), compiling the workspace's sources; obj/bin go to the workspace's reserved folder.
    private static string GeneratedProjectXml(string workspace, string harness) => $"""
        <Project>
          <PropertyGroup>
            <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
            <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
            <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
            <BaseIntermediateOutputPath>{workspace}/{ReportFolder}/obj/</BaseIntermediateOutputPath>
            <BaseOutputPath>{workspace}/{ReportFolder}/bin/</BaseOutputPath>
          </PropertyGroup>
          <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Exe</OutputType>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
            <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
            <AssemblyName>Verification.Tests</AssemblyName>
            <RootNamespace>Verification.Tests</RootNamespace>
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="{workspace}/**/*.cs" Exclude="{workspace}/{ReportFolder}/**;{workspace}/**/obj/**;{workspace}/**/bin/**" />
          </ItemGroup>
          <ItemGroup>
            <PackageReference Include="xunit.v3" Version="3.2.1" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
          </ItemGroup>
          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>
          <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
        </Project>
        """;

    private readonly SandboxOptions _options = options.Value;

    public string Language => VerificationLanguages.CSharp;

    public bool IsSource(string path) => path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    public Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (syntax, symbols, security) = CSharpSourceAnalyzer.Analyze(context.AllFiles, context.CodeFiles, context.Contents, cancellationToken);
        var summary = $"{syntax.Count} syntax error(s); {symbols.Values.Sum(s => s.Count)} symbol(s); {security.Count} security finding(s)" +
            string.Concat(syntax.Select(s => $"\n{s.File}:{s.Line}: {s.Message}"));
        var proof = new CheckpointProof("roslyn CSharpSyntaxTree.ParseText (in-process, no code executed)", syntax.Count == 0 ? 0 : 1, Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1), Proofs.Excerpt(summary));
        return Task.FromResult(new StaticAnalysis(proof, syntax, symbols, security));
    }

    public async Task<TestRun> RunTestsAsync(VerificationContext context, StaticAnalysis analysis, CancellationToken cancellationToken)
    {
        var source = await packages.GetAsync(cancellationToken).ConfigureAwait(false);
        var (workspace, harness) = runner.PathsFor(context.Workspace);
        // The restore configuration is the harness's, named explicitly: no nuget.config of the request is read.
        context.Workspace.WriteHarnessFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="offline" value="{source}" /></packageSources>
            </configuration>
            """);

        // A project given in the files is used as it is (it is a test-side file: reported unless trusted); else
        // the harness's own project, outside the workspace, so that no Directory.Build.* of the request applies.
        var given = context.Contents.Keys.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
        var canaries = new List<string>();
        var useCanaries = given is null || context.Contents[given].Contains("xunit", StringComparison.OrdinalIgnoreCase);
        if (useCanaries)
        {
            context.Workspace.WriteHarnessFile("Canaries.cs", CanarySource(canaries));
        }
        context.Workspace.WriteHarnessFile("Canaries.targets", useCanaries
            ? $"""<Project><ItemGroup><Compile Include="{harness}/Canaries.cs" /></ItemGroup></Project>"""
            : "<Project />");
        string project;
        if (given is null)
        {
            context.Workspace.WriteHarnessFile(GeneratedProject, GeneratedProjectXml(workspace, harness));
            project = $"{harness}/{GeneratedProject}";
        }
        else
        {
            project = $"{workspace}/{given}";
        }

        var timeout = TimeSpan.FromSeconds(Math.Max(context.TestTimeout.TotalSeconds, _options.CSharpTimeoutSeconds));
        var results = $"{workspace}/{ReportFolder}/results";
        string[] test =
        [
            _options.DotnetPath, "test", project, "--nologo", "-noAutoResponse",
            "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false",
            $"-p:RestoreConfigFile={harness}/nuget.config",
            $"-p:CustomAfterMicrosoftCommonTargets={harness}/Canaries.targets",
            "--logger", $"trx;LogFileName={ReportFile}", "--results-directory", results,
        ];
        // After dotnet test, every other process in the sandbox is killed before the report is read (the script
        // is the namespace's first process), so nothing left behind by the tests can rewrite it; base64 keeps the
        // markers out of its content.
        var script =
            "\"$@\"; status=$?; kill -9 -1 2>/dev/null; " +
            $"printf '%s' '{HarnessOutput.Begin}'; base64 -w0 '{results}/{ReportFile}' 2>/dev/null; printf '%s\\n' '{HarnessOutput.End}'; exit $status";
        var command = new SandboxCommand(
            "/bin/sh",
            ["-c", script, "dotnet-test", .. test],
            timeout,
            new Dictionary<string, string>
            {
                ["DOTNET_CLI_HOME"] = "/tmp",
                ["NUGET_PACKAGES"] = source,
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1",
                ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                // The .NET runtime reserves far more address space than it uses, so RLIMIT_AS is off for
                // dotnet; each process's managed heap is capped instead (hexadecimal bytes: 1 GiB).
                ["DOTNET_GCHeapHardLimit"] = "40000000",
            },
            MemoryLimitMb: 0,
            MaxProcesses: 2048,
            ReadOnlyBinds: [source],
            Label: $"-c '{_options.DotnetPath} test {(given is null ? "<harness project>" : given)} -noAutoResponse --logger trx (+ harness canaries); kill -9 -1; <report>'",
            WorkingDirectory: given is null ? harness : null);
        var result = await runner.RunAsync(context.Workspace, command, context.Slot, cancellationToken).ConfigureAwait(false);
        var (tests, problem, forged) = Read(result);
        return TamperCheck.Evaluate(result, tests, problem, forged, canaries, [], uniqueIds: false);
    }

    private static string CanarySource(List<string> canaries)
    {
        var ns = "Verification.Harness" + RandomNumberGenerator.GetHexString(6, lowercase: true);
        var type = string.Concat(Canaries.Name().Split('_').Take(2).Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Tests";
        var code = new StringBuilder($"namespace {ns};\n\npublic sealed class {type}\n{{\n");
        foreach (var body in Canaries.Bodies(s_canaryShapes, Canaries.Count))
        {
            var method = string.Concat(Canaries.Name().Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            canaries.Add($"{ns}.{type}.{method}");
            code.Append($"    [global::Xunit.Fact]\n    public void {method}()\n    {{\n        {body}\n    }}\n\n");
        }
        return code.Append("}\n").ToString();
    }

    private static (IReadOnlyList<ReportedTest>? Tests, string? Problem, bool Forged) Read(CommandResult result)
    {
        var (block, problem, forged) = HarnessOutput.Find(result.Output);
        if (block is null)
        {
            return (null, problem, forged);
        }
        if (block.Length == 0)
        {
            return (null, $"dotnet test wrote no TRX report (exit {result.ExitCode})", false);
        }
        try
        {
            // The TRX starts with a byte order mark, which the XML reader does not expect in a string.
            var tests = TrxReportParser.ParseTests(Encoding.UTF8.GetString(Convert.FromBase64String(block)).TrimStart('\uFEFF'));
            return tests is null ? (null, "the TRX report is not readable", false) : (tests, null, false);
        }
        catch (FormatException)
        {
            return (null, "the TRX report is not readable", false);
        }
    }
}
