using Agents.Contracts;

namespace Agents.Gateway.Security;

/// <summary>
/// The <c>Gateway:RateLimits</c> section: requests per minute per client (API key, or remote address without keys),
/// one budget per kind of request. 0 turns a budget off.
/// </summary>
public sealed class GatewayRateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    public const int DefaultRequestsPerMinute = 120;
    public const int DefaultRunReadsPerMinute = 600;
    public const int DefaultRunStartsPerMinute = 10;
    public const int DefaultChatAndVerifyPerMinute = 30;

    /// <summary>Every <c>/api</c> request not counted in one of the budgets below.</summary>
    public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;

    /// <summary>
    /// <c>GET /api/workflow/{id}</c> and its event stream: cheap reads that clients poll while a run lasts, so they get a
    /// generous budget of their own instead of eating the general one.
    /// </summary>
    public int RunReadsPerMinute { get; set; } = DefaultRunReadsPerMinute;

    /// <summary><c>POST /api/workflow/full-sdlc</c>: each run costs model tokens and sandbox time.</summary>
    public int RunStartsPerMinute { get; set; } = DefaultRunStartsPerMinute;

    /// <summary><c>POST /api/chat</c> (model tokens) and <c>POST /api/verify</c> (sandbox time).</summary>
    public int ChatAndVerifyPerMinute { get; set; } = DefaultChatAndVerifyPerMinute;

    /// <summary>The policy's requests per minute (0: unlimited), by <see cref="ApiRateLimits"/> name.</summary>
    public int LimitOf(string policy) => policy switch
    {
        ApiRateLimits.RunReads => RunReadsPerMinute,
        ApiRateLimits.RunStarts => RunStartsPerMinute,
        ApiRateLimits.ChatAndVerify => ChatAndVerifyPerMinute,
        _ => RequestsPerMinute,
    };

    /// <summary>The setting that configures the policy, for messages.</summary>
    public static string SettingOf(string policy) => $"{SectionName}:{policy switch
    {
        ApiRateLimits.RunReads => nameof(RunReadsPerMinute),
        ApiRateLimits.RunStarts => nameof(RunStartsPerMinute),
        ApiRateLimits.ChatAndVerify => nameof(ChatAndVerifyPerMinute),
        _ => nameof(RequestsPerMinute),
    }}";
}
