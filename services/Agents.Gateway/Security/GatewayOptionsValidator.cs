using System.Globalization;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Security;

/// <summary>
/// Safe by default: API key hashes must be well-formed, and listening on an address other machines can reach requires
/// at least one key; otherwise the gateway refuses to start (exit code 2) saying so.
/// </summary>
internal sealed class GatewayOptionsValidator(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            if (!ApiKeyHashes.TryParse(options.ApiKeys[i].Sha256, out _))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Gateway:ApiKeys:{i}:Sha256 must be the SHA-256 of the key as 64 hex digits (printf %s \"$KEY\" | sha256sum)."));
            }
        }
        var exposed = ListenAddresses.NonLoopback(configuration);
        if (exposed.Count > 0 && options.ApiKeys.Count == 0)
        {
            failures.Add($"The gateway is configured to listen on {string.Join(", ", exposed)}, which other machines can reach, but no API key is configured. " +
                "Set Gateway:ApiKeys:0:Sha256 (printf %s \"$KEY\" | sha256sum) or listen on localhost only.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
