using System.Globalization;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Storage;
using Microsoft.Extensions.AI;

namespace Agents.Pipeline.Llm;

/// <summary>The prompts of each role. Each says which JSON schema to answer in; the schema itself travels as response_format.</summary>
internal static class PipelinePrompts
{
    // Said up front so an honest model does not lose an iteration to the refusal (TestSideRefusal).
    private const string CodeOnly = "Write only code: tests and the files that configure them (conftest, runner configuration, sitecustomize or .pth, package.json, Directory.Build.*, project and runsettings files) belong to the test designer, and an answer that contains one is refused.";

    public static IList<ChatMessage> Plan(string requirements, string language, PipelinePlan? previous, string? feedback)
    {
        var user = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Language: {language}")
            .AppendLine("Requirements:").AppendLine(requirements);
        if (previous is not null)
        {
            user.AppendLine("Your previous plan was rejected:").AppendLine(Json(previous))
                .AppendLine(CultureInfo.InvariantCulture, $"Reason given by the reviewer: {feedback ?? "(none)"}");
        }
        return
        [
            new(ChatRole.System, $"You are the planner. Plan a small, testable {language} implementation: the files (relative paths), the public symbols each defines (kind function|class|method|variable|property|file), how to test it, and the steps. Answer only with JSON matching the 'plan' schema."),
            new(ChatRole.User, user.ToString()),
        ];
    }

    public static IList<ChatMessage> Tests(string requirements, string language, PipelinePlan plan) =>
    [
        new(ChatRole.System, $"You are the test designer. Write {language} tests from the requirements and the planned public symbols only; you never see the code. {TestConventions(language)} Answer only with JSON matching the 'tests' schema."),
        new(ChatRole.User, $"Requirements:\n{requirements}\n\nPlan:\n{Json(plan)}"),
    ];

    public static IList<ChatMessage> Code(string requirements, string language, PipelinePlan plan) =>
    [
        new(ChatRole.System, $"You are the coder. Write the {language} files of the plan and list claims: every public symbol you define and the file it is in. Independent tests will be run against your code. {CodeOnly} Answer only with JSON matching the 'code' schema."),
        new(ChatRole.User, $"Requirements:\n{requirements}\n\nPlan:\n{Json(plan)}"),
    ];

    public static IList<ChatMessage> Repair(string requirements, string language, PipelinePlan plan, FilesView files, TestDesign tests, VerificationResult verification) =>
    [
        new(ChatRole.System, $"You are the coder. Your {language} code failed verification. Fix it and return the complete set of files and claims. If a test contradicts the requirements, you may dispute it (name the test and why); the test designer will re-examine it. {CodeOnly} Answer only with JSON matching the 'repair' schema."),
        new(ChatRole.User, $"Requirements:\n{requirements}\n\nPlan:\n{Json(plan)}\n\nYour files:\n{Json(files.Files)}\n\nTests:\n{Json(tests.Files)}\n\nEvidence:\n{Evidence(verification)}"),
    ];

    public static IList<ChatMessage> Review(string requirements, string language, PipelinePlan plan, TestDesign tests, VerificationResult verification, IReadOnlyList<TestDispute> disputes) =>
    [
        new(ChatRole.System, $"You are the test designer. The coder disputes some of your {language} tests. Re-examine each against the requirements: give a verdict per disputed test (corrected=true only when the test was wrong) and return the complete set of test files. {TestConventions(language)} Answer only with JSON matching the 'tests' schema."),
        new(ChatRole.User, $"Requirements:\n{requirements}\n\nPlan:\n{Json(plan)}\n\nYour tests:\n{Json(tests.Files)}\n\nDisputes:\n{Json(disputes)}\n\nEvidence:\n{Evidence(verification)}"),
    ];

    private static string TestConventions(string language) => language switch
    {
        VerificationLanguages.Python => "Use pytest-style test functions in files named test_*.py that import the planned modules.",
        VerificationLanguages.JavaScript => "Use node:test and node:assert in files named *.test.js that require the planned modules.",
        _ => "Use xUnit test classes in files named *Tests.cs.",
    };

    /// <summary>Failed checkpoints with their findings and output: what the coder needs, not the whole result.</summary>
    private static string Evidence(VerificationResult verification)
    {
        var text = new StringBuilder();
        foreach (var checkpoint in verification.Checkpoints.Where(c => !c.Passed))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Checkpoint '{checkpoint.Name}' failed (exit code {checkpoint.Proof.ExitCode}, command: {checkpoint.Proof.Command}).");
            foreach (var finding in checkpoint.Findings.Take(20))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {finding.File}:{finding.Line} [{finding.Rule}] {finding.Message}");
            }
            text.AppendLine("Output:").AppendLine(checkpoint.Proof.OutputExcerpt);
        }
        foreach (var failure in verification.Tests.Failures.Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Test {failure.Name} failed: {failure.Message}");
        }
        return text.ToString();
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ArtifactJson.Options);
}
