using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agents.Contracts;
using Spectre.Console;

namespace Agents.Cli.Commands;

/// <summary>`agents runs` and `agents show ID`: the runs the gateway knows, and one run in full.</summary>
internal static class RunsCommand
{
    public static Command CreateList(CommonOptions common)
    {
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        var command = new Command("runs", "List recent runs.") { limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gateway = common.Connect(parse);
            var page = await gateway.ListRunsAsync(parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(page, AgentsJsonContext.Default.PipelineRunPage));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("Id").AddColumn("Status").AddColumn("Step").AddColumn("Language").AddColumn("Created").AddColumn("Requirement");
            foreach (var run in page.Runs)
            {
                table.AddRow(Markup.Escape(run.Id), Markup.Escape(run.Status), Markup.Escape(run.Step), Markup.Escape(run.Language),
                    run.CreatedAt.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(Cut(run.Requirements, 60)));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateShow(CommonOptions common)
    {
        var id = new Argument<string>("id") { Description = "The run's id." };
        var command = new Command("show", "Show one run: status, iterations, tests, trust, usage, files.") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gateway = common.Connect(parse);
            var run = await gateway.GetRunAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(run, AgentsJsonContext.Default.PipelineRun));
            }
            else
            {
                Show(run);
            }
            return run.Status == "Completed" ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static void Show(PipelineRun run)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Id", Markup.Escape(run.Id));
        grid.AddRow("Status", Markup.Escape(run.Status + (run.Reason is { } reason ? $" ({reason})" : "")));
        grid.AddRow("Step", Markup.Escape(run.Step));
        grid.AddRow("Language", Markup.Escape(run.Language));
        grid.AddRow("Trust", run.TrustScore.ToString("0.00", CultureInfo.InvariantCulture));
        grid.AddRow("Tokens", (run.Usage.Total.InputTokens + run.Usage.Total.OutputTokens).ToString(CultureInfo.InvariantCulture));
        grid.AddRow("Cost", "$" + run.Usage.Total.CostUsd.ToString("0.####", CultureInfo.InvariantCulture));
        grid.AddRow("Requirement", Markup.Escape(run.Requirements));
        AnsiConsole.Write(grid);
        foreach (var iteration in run.Iterations)
        {
            var tests = iteration.Tests is { } t ? $"{t.Passed} passed, {t.Failed} failed" : "no tests run";
            AnsiConsole.MarkupLine($"Iteration {iteration.Number}: {(iteration.Verified ? "[green]verified[/]" : "[red]not verified[/]")}, {tests}, trust {iteration.TrustScore.ToString("0.00", CultureInfo.InvariantCulture)} — {Markup.Escape(iteration.Resolution)}");
        }
        foreach (var file in run.Files.Concat(run.Tests))
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(file.Path)} ({file.Content.Length} chars)");
        }
    }

    private static string Cut(string text, int length)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= length ? flat : flat[..length] + "…";
    }
}
