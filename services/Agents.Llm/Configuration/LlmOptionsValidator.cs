using Microsoft.Extensions.Options;

namespace Agents.Llm.Configuration;

/// <summary>Checks providers, keys, chains and prices at start-up, so a bad setting stops the host with a message naming it.</summary>
internal sealed class LlmOptionsValidator(Func<string, string?>? environment = null) : IValidateOptions<LlmOptions>
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectionStringError is not null)
        {
            failures.Add(options.ConnectionStringError);
        }

        var resolved = new Dictionary<string, ResolvedProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var (providerName, provider) in options.Providers)
        {
            if (ProviderResolver.TryResolve(providerName, provider, _environment, out var r, out var error))
            {
                resolved[providerName] = r!;
            }
            else
            {
                failures.Add(error!);
            }
        }

        if (options.Default.Count == 0)
        {
            failures.Add($"{LlmOptions.SectionName}:Default is required when several providers are configured (entries provider/model, tried in order).");
        }
        CheckChain($"{LlmOptions.SectionName}:Default", options.Default, options, resolved, failures);
        foreach (var (role, chain) in options.Roles)
        {
            if (!Enum.TryParse<LlmRole>(role, ignoreCase: true, out _))
            {
                failures.Add($"{LlmOptions.SectionName}:Roles:{role} is not a role; use Planner, Coder, TestDesigner or Reviewer.");
                continue;
            }
            CheckChain($"{LlmOptions.SectionName}:Roles:{role}", chain, options, resolved, failures);
        }

        if (options.Cassette.Mode != CassetteMode.Off && string.IsNullOrWhiteSpace(options.Cassette.Path))
        {
            failures.Add($"{LlmOptions.SectionName}:Cassette:Path is required when Cassette:Mode is {options.Cassette.Mode}.");
        }
        if (options.Cassette.Mode == CassetteMode.Replay && !string.IsNullOrWhiteSpace(options.Cassette.Path) && !File.Exists(options.Cassette.Path))
        {
            failures.Add($"{LlmOptions.SectionName}:Cassette:Path '{options.Cassette.Path}' does not exist; record it first (Cassette:Mode Record).");
        }
        for (var i = 0; i < options.Prices.Count; i++)
        {
            var price = options.Prices[i];
            if (string.IsNullOrWhiteSpace(price.Model) || price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                failures.Add($"{LlmOptions.SectionName}:Prices:{i} needs a Model and non-negative InputPerMillion/OutputPerMillion.");
            }
        }
        if (options.MaxToolRounds < 1)
        {
            failures.Add($"{LlmOptions.SectionName}:MaxToolRounds must be at least 1.");
        }
        if (options.MaxChatRequestBytes < 1024)
        {
            failures.Add($"{LlmOptions.SectionName}:MaxChatRequestBytes must be at least 1024.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckChain(string setting, List<string> chain, LlmOptions options, Dictionary<string, ResolvedProvider> resolved, List<string> failures)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(chain[i]))
            {
                failures.Add($"{setting}:{i} is empty.");
                continue;
            }
            var entry = ModelRef.Parse(chain[i]);
            if (!options.Providers.ContainsKey(entry.Provider))
            {
                failures.Add($"{setting}:{i} names provider '{entry.Provider}', which is not configured under {LlmOptions.SectionName}:Providers.");
            }
            else if (entry.Model is null && resolved.TryGetValue(entry.Provider, out var provider) && provider.Models.Count == 0)
            {
                failures.Add($"{setting}:{i} names provider '{entry.Provider}' without a model, and {LlmOptions.SectionName}:Providers:{entry.Provider}:Models is empty.");
            }
        }
    }
}
