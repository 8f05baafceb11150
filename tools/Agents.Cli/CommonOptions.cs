using System.CommandLine;

namespace Agents.Cli;

/// <summary>Options every command takes, and how they resolve against the profile and the environment.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Gateway { get; } = new("--gateway")
    {
        Description = $"The gateway's URL (default: the profile's, else {Profile.DefaultGateway}).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of the human display.",
        Recursive = true,
    };

    public string ProfilePath { get; } = Profile.PathFromEnvironment();

    /// <summary>A client for the gateway the command line and profile name, with the key from the environment.</summary>
    public GatewayClient Connect(ParseResult parse)
    {
        var profile = Profile.Load(ProfilePath);
        var url = parse.GetValue(Gateway) ?? profile.Gateway ?? Profile.DefaultGateway;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--gateway must be an http or https URL; got '{url}'.");
        }
        var key = Environment.GetEnvironmentVariable(profile.ApiKeyEnv ?? Profile.DefaultApiKeyEnv);
        return new GatewayClient(gateway, key);
    }
}
