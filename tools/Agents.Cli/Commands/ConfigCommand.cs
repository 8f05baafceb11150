using System.CommandLine;
using System.Text.Json;

namespace Agents.Cli.Commands;

/// <summary>`agents config`: shows the profile, or sets its gateway URL and the name of the key's environment variable.</summary>
internal static class ConfigCommand
{
    public static Command Create(CommonOptions common)
    {
        var keyEnv = new Option<string?>("--key-env") { Description = $"The environment variable that holds the API key (default {Profile.DefaultApiKeyEnv}). The key itself is never stored." };
        keyEnv.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                result.AddError("--key-env must be an environment variable name (letters, digits, underscores).");
            }
        });
        var command = new Command("config", "Show or change the profile (gateway URL, key variable).") { keyEnv };
        command.SetAction(parse =>
        {
            var profile = Profile.Load(common.ProfilePath);
            var gateway = parse.GetValue(common.Gateway);
            var key = parse.GetValue(keyEnv);
            if (gateway is not null || key is not null)
            {
                if (gateway is not null && !(Uri.TryCreate(gateway, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
                {
                    throw new CliException(ExitCodes.Usage, $"--gateway must be an http or https URL; got '{gateway}'.");
                }
                profile = profile with { Gateway = gateway ?? profile.Gateway, ApiKeyEnv = key ?? profile.ApiKeyEnv };
                profile.Save(common.ProfilePath);
            }
            Console.Out.WriteLine(parse.GetValue(common.Json)
                ? JsonSerializer.Serialize(profile, ProfileJsonContext.Default.Profile)
                : $"Profile {common.ProfilePath}\n  gateway: {profile.Gateway ?? Profile.DefaultGateway}\n  key from: ${profile.ApiKeyEnv ?? Profile.DefaultApiKeyEnv}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
