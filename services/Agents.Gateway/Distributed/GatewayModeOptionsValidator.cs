using Agents.Contracts;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Distributed;

/// <summary>
/// A mode the gateway does not know, or the distributed mode with no way to reach the orchestrator (neither a Dapr
/// sidecar nor the orchestrator's service-discovery setting), stops the gateway at start (exit code 2) naming the setting.
/// </summary>
internal sealed class GatewayModeOptionsValidator(IConfiguration configuration) : IValidateOptions<GatewayModeOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayModeOptions options)
    {
        if (!string.Equals(options.Mode, GatewayModeOptions.Embedded, StringComparison.OrdinalIgnoreCase) && !options.IsDistributed)
        {
            return ValidateOptionsResult.Fail(
                $"{GatewayModeOptions.ModeSetting} is '{options.Mode}'; use '{GatewayModeOptions.Embedded}' or '{GatewayModeOptions.Distributed}'.");
        }
        if (!options.IsDistributed || ServiceClients.CanReach(configuration, ServiceNames.Orchestrator))
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(
            $"{GatewayModeOptions.ModeSetting} is '{GatewayModeOptions.Distributed}' but the orchestrator cannot be reached: there is no Dapr sidecar, " +
            $"so {ServiceClients.DiscoverySetting(ServiceNames.Orchestrator)} must be its http(s) URL (service discovery).");
    }
}
