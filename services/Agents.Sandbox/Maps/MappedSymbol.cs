namespace Agents.Sandbox.Maps;

/// <summary>One top-level declaration of a file as the map shows it: its kind, its signature as written, its line.</summary>
/// <param name="Name">The simple name (<c>StartAsync</c>), which the ranking matches against the requirement.</param>
/// <param name="Depth">0 for a type or a top-level function, 1 for a member of a type.</param>
public sealed record MappedSymbol(string Kind, string Name, string Signature, int Line, int Depth);
