namespace Agents.Contracts;

/// <summary>Names of the verification checkpoints, in the order they run.</summary>
public static class CheckpointNames
{
    public const string Syntax = "syntax";
    public const string Claims = "claims";
    public const string Security = "security";
    public const string Tests = "tests";
}
