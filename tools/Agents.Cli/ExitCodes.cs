namespace Agents.Cli;

/// <summary>What scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Verified, or the command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Not verified, a failed or terminated run, or a run that does not exist.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: the message names the option or argument.</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached, or refused the request (key, rate limit, unavailable).</summary>
    public const int Unreachable = 3;
}
