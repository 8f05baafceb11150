namespace Agents.Contracts;

/// <summary>A failed or errored test and the runner's message for it.</summary>
public sealed record TestFailure(string Name, string Message);
