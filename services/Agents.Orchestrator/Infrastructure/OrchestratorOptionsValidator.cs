using Microsoft.Extensions.Options;

namespace Agents.Orchestrator.Infrastructure;

/// <summary>
/// The runtime must be one this build has. (<c>ConnectionStrings:agents</c>, required here, is validated by
/// <c>AddAgentsDatabase</c>.)
/// </summary>
internal sealed class OrchestratorOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        var failures = new List<string>();
        var runtime = options.Runtime?.Trim();
        if (!string.Equals(runtime, OrchestratorOptions.Embedded, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(runtime, OrchestratorOptions.Dapr, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Orchestrator:Runtime is '{options.Runtime}'; use '{OrchestratorOptions.Embedded}' or '{OrchestratorOptions.Dapr}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
