using Agents.Contracts;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Distributed;

/// <summary>
/// A mode the gateway does not know, or the distributed mode with no way to reach the orchestrator (neither a Dapr
/// sidecar nor <c>Gateway:OrchestratorUrl</c>), stops the gateway at start (exit code 2) naming the setting.
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
        if (!options.IsDistributed || DaprSidecar.AddressFrom(configuration[DaprSidecar.PortVariable]) is not null)
        {
            return ValidateOptionsResult.Success;
        }
        return options.OrchestratorUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{GatewayModeOptions.ModeSetting} is '{GatewayModeOptions.Distributed}' but there is no Dapr sidecar ({DaprSidecar.PortVariable} is not set), " +
                $"so {GatewayModeOptions.OrchestratorUrlSetting} must be the orchestrator's http(s) URL.");
    }
}
