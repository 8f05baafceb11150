using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agents.Contracts;
using Spectre.Console;

namespace Agents.Cli.Commands;

/// <summary>`agents run`: starts a pipeline, shows its progress live from the event stream, writes its files.</summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common)
    {
        var requirement = new Argument<string>("requirement") { Description = "What the code must do, in plain language." };
        var language = LanguageOption.Create();
        var iterations = new Option<int?>("--max-iterations") { Description = $"Repair rounds allowed ({PipelineApiLimits.MinIterations}–{PipelineApiLimits.MaxIterations})." };
        iterations.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n && n is < PipelineApiLimits.MinIterations or > PipelineApiLimits.MaxIterations)
            {
                result.AddError($"--max-iterations must be between {PipelineApiLimits.MinIterations} and {PipelineApiLimits.MaxIterations}.");
            }
        });
        var approve = new Option<bool>("--approve") { Description = "Wait for the plan to be approved before code is written (asked here when the terminal is interactive)." };
        var output = new Option<string?>("--out") { Description = "Where the run's files are written (default: ./agents-out/<run id>)." };
        var command = new Command("run", "Start a pipeline and follow it to the end.") { requirement, language, iterations, approve, output };
        command.SetAction((parse, cancellationToken) => RunAsync(common, parse, new PipelineRequest(
            parse.GetValue(requirement), parse.GetValue(language), parse.GetValue(iterations), parse.GetValue(approve) ? "plan" : "none"), parse.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommonOptions common, ParseResult parse, PipelineRequest request, string? output, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(common.Json);
        using var gateway = common.Connect(parse);
        var accepted = await gateway.StartAsync(request, cancellationToken).ConfigureAwait(false);
        if (!json)
        {
            AnsiConsole.MarkupLine($"Run [bold]{Markup.Escape(accepted.Id)}[/] started on {Markup.Escape(gateway.Gateway.ToString())}");
        }

        // Ctrl+C stops following, not the run: what happens to the run is asked (or, without a terminal, it is terminated
        // so that it stops spending tokens).
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        PipelineEvent? last;
        try
        {
            last = await FollowAsync(gateway, accepted.Id, json, interrupted.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return await InterruptedAsync(gateway, accepted.Id, json).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var run = await gateway.GetRunAsync(accepted.Id, cancellationToken).ConfigureAwait(false);
        var verified = run.Status == "Completed" && run.Iterations.Count > 0 && run.Iterations[^1].Verified;
        string? written = null;
        if (run.Files.Count > 0 || run.Tests.Count > 0)
        {
            written = OutputFolder.Write(output ?? Path.Combine("agents-out", run.Id), [.. run.Files, .. run.Tests]);
        }
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new RunOutcome(run.Id, run.Status, verified, run.TrustScore, run.Iterations.Count,
                run.Usage.Total.InputTokens + run.Usage.Total.OutputTokens, run.Usage.Total.CostUsd, written, run.Reason), CliJsonContext.Default.RunOutcome));
        }
        else if (written is not null)
        {
            AnsiConsole.MarkupLine($"Files written to [bold]{Markup.Escape(written)}[/]");
        }
        return verified && last is PipelineCompletedEvent ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Shows each event as it arrives (a spinner on the current step when the terminal can show one); returns the final event.</summary>
    private static async Task<PipelineEvent?> FollowAsync(GatewayClient gateway, string id, bool json, CancellationToken cancellationToken)
    {
        if (json)
        {
            PipelineEvent? end = null;
            await foreach (var received in gateway.EventsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(received, Agents.Contracts.AgentsJsonContext.Default.PipelineEvent).ReplaceLineEndings(""));
                if (received.IsFinal)
                {
                    end = received;
                    break;
                }
            }
            return end;
        }

        PipelineEvent? final = null;
        await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("Waiting for the first step…", async status =>
        {
            await foreach (var received in gateway.EventsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                if (received is StepStartedEvent started)
                {
                    status.Status($"{Markup.Escape(started.Step)} (attempt {started.Attempt})…");
                }
                if (Describe(received) is { } line)
                {
                    AnsiConsole.MarkupLine(line);
                }
                if (received is ApprovalRequestedEvent)
                {
                    status.Status($"Waiting for approval: agents approve {Markup.Escape(id)}");
                }
                if (received.IsFinal)
                {
                    final = received;
                    break;
                }
            }
        }).ConfigureAwait(false);
        return final;
    }

    private static string? Describe(PipelineEvent received) => received switch
    {
        PipelineStartedEvent e => $"[grey]{Markup.Escape(e.Language)}, up to {e.MaxIterations} iteration(s), approval {Markup.Escape(e.Approval)}[/]",
        StepStartedEvent e => $"[grey]→ {Markup.Escape(e.Step)} (attempt {e.Attempt})[/]",
        StepCompletedEvent e => $"[green]✓[/] {Markup.Escape(e.Step)}: {Markup.Escape(e.Summary)}",
        ApprovalRequestedEvent e => $"[yellow]?[/] The plan waits for approval: agents approve {Markup.Escape(e.RunId)} (or --reject)",
        ApprovalReceivedEvent e => e.Approved ? "[green]✓[/] plan approved" : $"[red]✗[/] plan rejected: {Markup.Escape(e.Reason ?? "")}",
        IterationFailedEvent e => $"[red]✗[/] iteration {e.Iteration}: {e.TestsFailed} test(s) failed, trust {Trust(e.TrustScore)} — {Markup.Escape(e.Summary)}",
        PipelineCompletedEvent e => $"[green bold]Completed[/] after {e.Iterations} iteration(s): trust {Trust(e.TrustScore)}, " +
            $"{e.Usage.InputTokens + e.Usage.OutputTokens} tokens, ${e.Usage.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}",
        PipelineFailedEvent e => $"[red bold]Failed[/] after {e.Iterations} iteration(s): {Markup.Escape(e.Reason)}",
        PipelineTerminatedEvent e => $"[red bold]Terminated[/]: {Markup.Escape(e.Reason)}",
        _ => null,
    };

    private static string Trust(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task<int> InterruptedAsync(GatewayClient gateway, string id, bool json)
    {
        var ask = !json && !Console.IsInputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        var terminate = !ask || await AnsiConsole.ConfirmAsync($"Terminate run {Markup.Escape(id)} on the server? (no: detach and leave it running)", defaultValue: true).ConfigureAwait(false);
        if (!terminate)
        {
            Console.Error.WriteLine($"Detached; the run goes on. Follow it with: agents show {id}");
            return ExitCodes.Failed;
        }
        await gateway.TerminateAsync(id, "Interrupted from the command line.", CancellationToken.None).ConfigureAwait(false);
        Console.Error.WriteLine($"Run {id} terminated.");
        return ExitCodes.Failed;
    }
}
