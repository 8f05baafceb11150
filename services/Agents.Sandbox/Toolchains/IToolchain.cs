namespace Agents.Sandbox.Toolchains;

/// <summary>How one language is parsed, analysed and tested.</summary>
internal interface IToolchain
{
    string Language { get; }

    /// <summary>Whether a request's file is source code of this language (parsed, analysed and, as a test, run).</summary>
    bool IsSource(string path);

    /// <summary>Syntax errors, declared symbols (for claims) and security findings, with the proof of how they were found.</summary>
    Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the tests in the sandbox under the verifier's harness and checks its report (canaries, expected
    /// tests) before believing it.
    /// </summary>
    Task<TestRun> RunTestsAsync(VerificationContext context, StaticAnalysis analysis, CancellationToken cancellationToken);
}
