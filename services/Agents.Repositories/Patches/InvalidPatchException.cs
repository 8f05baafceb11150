namespace Agents.Repositories.Patches;

/// <summary>A unified diff that cannot be read, or does not apply to the files it is meant for; the message says where.</summary>
public sealed class InvalidPatchException(string message) : Exception(message);
