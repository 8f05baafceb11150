namespace Agents.Gateway.Security;

/// <summary>The budget a request is counted in (<see cref="RateLimitBuckets"/>); each request counts in one only.</summary>
public enum RateLimitBucket
{
    /// <summary>Never limited: health, the web page's files, Dapr's routes.</summary>
    None,
    General,
    RunReads,
    RunStarts,
    ChatAndVerify,
}
