using System.CommandLine;
using System.Text.Json;
using Agents.Contracts;

namespace Agents.Cli.Commands;

/// <summary>`agents approve ID [--reject --reason …]` and `agents terminate ID [--reason …]`.</summary>
internal static class DecisionCommands
{
    public static Command CreateApprove(CommonOptions common)
    {
        var id = new Argument<string>("id") { Description = "The run waiting for approval." };
        var reject = new Option<bool>("--reject") { Description = "Reject the plan instead (the run asks for a new one or ends)." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded with the decision." };
        var command = new Command("approve", "Approve (or reject) a run's plan.") { id, reject, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gateway = common.Connect(parse);
            var approved = !parse.GetValue(reject);
            await gateway.ApproveAsync(parse.GetValue(id)!, new ApprovalDecision(approved, parse.GetValue(reason)), cancellationToken).ConfigureAwait(false);
            Print(common, parse, new CommandOutcome(parse.GetValue(id)!, approved ? "approved" : "rejected"));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateTerminate(CommonOptions common)
    {
        var id = new Argument<string>("id") { Description = "The run to stop." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded on the run." };
        var command = new Command("terminate", "Stop a run on the server.") { id, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gateway = common.Connect(parse);
            await gateway.TerminateAsync(parse.GetValue(id)!, parse.GetValue(reason) ?? "Terminated from the command line.", cancellationToken).ConfigureAwait(false);
            Print(common, parse, new CommandOutcome(parse.GetValue(id)!, "terminated"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CommonOptions common, ParseResult parse, CommandOutcome outcome) =>
        Console.Out.WriteLine(parse.GetValue(common.Json)
            ? JsonSerializer.Serialize(outcome, CliJsonContext.Default.CommandOutcome)
            : $"Run {outcome.Id} {outcome.Action}.");
}
