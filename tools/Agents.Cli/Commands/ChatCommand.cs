using System.CommandLine;
using System.Globalization;
using Agents.Contracts;
using Spectre.Console;

namespace Agents.Cli.Commands;

/// <summary>
/// `agents chat`: a conversation with the gateway's router, one line per turn, replies streamed as they arrive.
/// The whole conversation is sent each turn (the gateway keeps no history). Ends on an empty line, /exit or end of input.
/// </summary>
internal static class ChatCommand
{
    public static Command Create(CommonOptions common)
    {
        var model = new Option<string?>("--model") { Description = "provider/model, provider, or a model name (default: the role's chain)." };
        var role = new Option<string?>("--role") { Description = "The chain to use: Planner, Coder, TestDesigner, Reviewer or Default." };
        var system = new Option<string?>("--system") { Description = "A system message to start the conversation with." };
        var command = new Command("chat", "Chat with the configured models (a REPL; replies stream).") { model, role, system };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gateway = common.Connect(parse);
            var interactive = !Console.IsInputRedirected;
            var history = new List<ChatRequestMessage>();
            if (parse.GetValue(system) is { Length: > 0 } instructions)
            {
                history.Add(new ChatRequestMessage("system", instructions));
            }
            while (true)
            {
                if (interactive)
                {
                    Console.Out.Write("you> ");
                }
                var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null || line.Trim() is "" or "/exit")
                {
                    return ExitCodes.Ok;
                }
                history.Add(new ChatRequestMessage("user", line));
                var reply = new System.Text.StringBuilder();
                ChatStreamCompleted? totals = null;
                await foreach (var delta in gateway.ChatAsync(new ChatRequest(history, parse.GetValue(model), Stream: true, parse.GetValue(role)), done => totals = done, cancellationToken).ConfigureAwait(false))
                {
                    reply.Append(delta.Delta);
                    Console.Out.Write(delta.Delta);
                }
                Console.Out.WriteLine();
                history.Add(new ChatRequestMessage("assistant", reply.ToString()));
                if (totals is not null && interactive)
                {
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(totals.Provider)}/{Markup.Escape(totals.Model ?? "")}: " +
                        $"{totals.Usage.InputTokens + totals.Usage.OutputTokens} tokens, ${totals.Usage.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}[/]");
                }
            }
        });
        return command;
    }
}
