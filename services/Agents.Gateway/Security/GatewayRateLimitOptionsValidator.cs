using System.Globalization;
using Agents.Contracts;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Security;

/// <summary>A negative budget is a typo, not a policy: the gateway refuses to start (exit code 2) naming the setting.</summary>
internal sealed class GatewayRateLimitOptionsValidator : IValidateOptions<GatewayRateLimitOptions>
{
    private static readonly string[] s_policies = [ApiRateLimits.General, ApiRateLimits.RunReads, ApiRateLimits.RunStarts, ApiRateLimits.ChatAndVerify];

    public ValidateOptionsResult Validate(string? name, GatewayRateLimitOptions options)
    {
        var failures = s_policies
            .Where(b => options.LimitOf(b) < 0)
            .Select(b => string.Create(CultureInfo.InvariantCulture,
                $"{GatewayRateLimitOptions.SettingOf(b)} is {options.LimitOf(b)}; it must be a number of requests per minute per client, or 0 for no limit."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
