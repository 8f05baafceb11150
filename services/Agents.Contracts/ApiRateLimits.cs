namespace Agents.Contracts;

/// <summary>
/// Names of the rate-limit policies endpoints declare (<c>RequireRateLimiting</c>); the gateway defines them from
/// <c>Gateway:RateLimits</c>. Every other <c>/api</c> endpoint of the gateway is under <see cref="General"/>.
/// </summary>
public static class ApiRateLimits
{
    /// <summary>Starting a pipeline: model tokens and sandbox time.</summary>
    public const string RunStarts = "run-starts";

    /// <summary>Chat and verification requests.</summary>
    public const string ChatAndVerify = "chat-and-verify";

    /// <summary>Reads of a run and its event stream, which clients poll while it lasts.</summary>
    public const string RunReads = "run-reads";

    /// <summary>Every other API request, unknown <c>/api</c> paths included.</summary>
    public const string General = "api";
}
