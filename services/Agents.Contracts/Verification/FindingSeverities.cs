namespace Agents.Contracts;

/// <summary>Severities of verification findings; a remaining <see cref="High"/> finding prevents <c>verified</c>.</summary>
public static class FindingSeverities
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";
    public const string Info = "info";
}
