using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agents.Contracts;
using Spectre.Console;

namespace Agents.Cli.Commands;

/// <summary>`agents providers`: the gateway's LLM providers, reachable or not, their circuits and usage.</summary>
internal static class ProvidersCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("providers", "List the LLM providers the gateway routes to.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var gateway = common.Connect(parse);
            var list = await gateway.ProvidersAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(list, AgentsJsonContext.Default.ProviderList));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("Name").AddColumn("Preset").AddColumn("Endpoint").AddColumn("Models").AddColumn("Reachable").AddColumn("Circuit").AddColumn("Requests").AddColumn("Cost");
            foreach (var p in list.Providers)
            {
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Preset), Markup.Escape(p.Endpoint), Markup.Escape(string.Join(", ", p.Models)),
                    p.Reachable ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(p.Circuit), p.Usage.Requests.ToString(CultureInfo.InvariantCulture),
                    "$" + p.Usage.CostUsd.ToString("0.####", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
