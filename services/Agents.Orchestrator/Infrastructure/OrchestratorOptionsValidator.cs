using Microsoft.Extensions.Options;

namespace Agents.Orchestrator.Infrastructure;

/// <summary>
/// The runtime must be one this build has, and the gateway's events URL an http(s) URL. (<c>ConnectionStrings:agents</c>,
/// required here, is validated by <c>AddAgentsDatabase</c>.)
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
        if (options.GatewayEventsUrl is { } events && (!events.IsAbsoluteUri || (events.Scheme != Uri.UriSchemeHttp && events.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Orchestrator:GatewayEventsUrl is '{events}'; it must be an absolute http(s) URL (the gateway's /dapr/events/pipeline).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
