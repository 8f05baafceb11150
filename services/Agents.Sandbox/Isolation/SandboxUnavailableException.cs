namespace Agents.Sandbox;

/// <summary>Code cannot be run safely here (bubblewrap missing or unusable) and running without isolation is not allowed.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);
