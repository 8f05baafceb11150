using System.CommandLine;
using Agents.Cli.Commands;

namespace Agents.Cli;

/// <summary>The command tree, and the one place where errors become a message and an exit code.</summary>
internal static class AgentsCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var common = new CommonOptions();
        var root = new RootCommand("Agents: turn requirements into verified code, from a terminal.")
        {
            common.Gateway,
            common.Json,
            RunCommand.Create(common),
            VerifyCommand.Create(common),
            RunsCommand.CreateList(common),
            RunsCommand.CreateShow(common),
            DecisionCommands.CreateApprove(common),
            DecisionCommands.CreateTerminate(common),
            ProvidersCommand.Create(common),
            ConfigCommand.Create(common),
            ChatCommand.Create(common),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"agents: {error.Message}").ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync("Run 'agents --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            // Our handler, not the library's: it would print a stack trace. Ctrl+C is handled by the commands that care.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"agents: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"agents: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (UnauthorizedAccessException ex)
        {
            await Console.Error.WriteLineAsync($"agents: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
