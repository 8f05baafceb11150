using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agents.Contracts;
using Spectre.Console;

namespace Agents.Cli.Commands;

/// <summary>`agents verify DIR`: sends a folder's code (and tests) to <c>POST /api/verify</c> and shows the proof.</summary>
internal static class VerifyCommand
{
    private const int MaxFiles = 500;
    private const long MaxFileBytes = 1024 * 1024;
    private static readonly HashSet<string> s_skipped = new(StringComparer.Ordinal) { "node_modules", "bin", "obj", "__pycache__", "agents-out" };

    public static Command Create(CommonOptions common)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "The folder with the code to verify." };
        directory.AcceptExistingOnly();
        var tests = new Option<DirectoryInfo>("--tests") { Description = "A folder with the tests (default: tests found among the code)." };
        tests.AcceptExistingOnly();
        var language = LanguageOption.Create();
        var timeout = new Option<int?>("--timeout") { Description = "Seconds the tests may run." };
        var command = new Command("verify", "Verify code with the sandbox: build, claims, scan, tests.") { directory, tests, language, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = Read(parse.GetValue(directory)!);
            var testFiles = parse.GetValue(tests) is { } testDirectory ? Read(testDirectory) : null;
            using var gateway = common.Connect(parse);
            var result = await gateway.VerifyAsync(new VerificationRequest(parse.GetValue(language)!, files, testFiles, null, parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, AgentsJsonContext.Default.VerificationResult));
            }
            else
            {
                Show(result);
            }
            return result.Verified ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The folder's files by relative path with '/' separators; hidden folders and build output skipped.</summary>
    private static Dictionary<string, string> Read(DirectoryInfo root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var relative = Path.GetRelativePath(root.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.Split('/').Any(part => part.StartsWith('.') || s_skipped.Contains(part)))
            {
                continue;
            }
            if (file.Length > MaxFileBytes)
            {
                throw new CliException(ExitCodes.Usage, $"{file.FullName} is larger than {MaxFileBytes / 1024} KiB; verify sends source files only.");
            }
            files[relative] = File.ReadAllText(file.FullName);
            if (files.Count > MaxFiles)
            {
                throw new CliException(ExitCodes.Usage, $"{root.FullName} holds more than {MaxFiles} files; point verify at the code's own folder.");
            }
        }
        return files.Count > 0 ? files : throw new CliException(ExitCodes.Usage, $"{root.FullName} holds no files to verify.");
    }

    private static void Show(VerificationResult result)
    {
        var table = new Table().AddColumn("Checkpoint").AddColumn("Result").AddColumn("Findings");
        foreach (var checkpoint in result.Checkpoints)
        {
            table.AddRow(Markup.Escape(checkpoint.Name), checkpoint.Passed ? "[green]passed[/]" : "[red]failed[/]", checkpoint.Findings.Count.ToString(CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        foreach (var finding in result.Checkpoints.SelectMany(c => c.Findings))
        {
            AnsiConsole.MarkupLine($"  [yellow]{Markup.Escape(finding.Severity)}[/] {Markup.Escape(finding.File)}:{finding.Line} {Markup.Escape(finding.Rule)}: {Markup.Escape(finding.Message)}");
        }
        var tests = result.Tests;
        AnsiConsole.MarkupLine($"Tests: {tests.Passed} passed, {tests.Failed} failed, {tests.Errors} errors, {tests.Skipped} skipped");
        foreach (var failure in tests.Failures)
        {
            AnsiConsole.MarkupLine($"  [red]✗[/] {Markup.Escape(failure.Name)}: {Markup.Escape(failure.Message)}");
        }
        var verdict = result.Verified ? "[green bold]verified[/]" : "[red bold]not verified[/]";
        AnsiConsole.MarkupLine($"{verdict}, trust {result.TrustScore.ToString("0.00", CultureInfo.InvariantCulture)} (isolation: {Markup.Escape(result.Isolation)})");
    }
}
