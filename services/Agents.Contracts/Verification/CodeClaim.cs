namespace Agents.Contracts;

/// <summary>A symbol the author claims to have written.</summary>
/// <param name="Kind"><c>function</c>, <c>class</c>, <c>method</c> (name <c>Type.Method</c>) or <c>file</c>.</param>
/// <param name="Name">The symbol's name; for a file claim, its path.</param>
/// <param name="File">Where the symbol is claimed to be; any file when absent.</param>
public sealed record CodeClaim(string Kind, string Name, string? File = null);
