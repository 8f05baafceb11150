using System.Runtime.Versioning;
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
    private const string ReportFile = "report.trx";
    private const string GeneratedProject = "Verification.Tests.csproj";

    // Test packages of the offline cache; a request may bring its own project file instead.
    private const string GeneratedProjectXml = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Exe</OutputType>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="xunit.v3" Version="3.2.1" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
          </ItemGroup>
          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>
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

    public async Task<TestRun> RunTestsAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var source = await packages.GetAsync(cancellationToken).ConfigureAwait(false);
        var root = context.Workspace.Root;
        // Written by the service, after the request's files: the request cannot point restore elsewhere.
        await File.WriteAllTextAsync(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="offline" value="{source}" /></packageSources>
            </configuration>
            """, cancellationToken).ConfigureAwait(false);
        if (!context.AllFiles.Any(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
        {
            await File.WriteAllTextAsync(Path.Combine(root, GeneratedProject), GeneratedProjectXml, cancellationToken).ConfigureAwait(false);
        }

        var timeout = TimeSpan.FromSeconds(Math.Max(context.TestTimeout.TotalSeconds, _options.CSharpTimeoutSeconds));
        var command = new SandboxCommand(
            _options.DotnetPath,
            ["test", "--nologo", "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false", "--logger", $"trx;LogFileName={ReportFile}", "--results-directory", ReportFolder],
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
            ReadOnlyBinds: [source]);
        var result = await runner.RunAsync(root, command, context.Slot, cancellationToken).ConfigureAwait(false);
        return await TestReports.ReadAsync(context.Workspace, result, Path.Combine(ReportFolder, ReportFile), TrxReportParser.Parse).ConfigureAwait(false);
    }
}
