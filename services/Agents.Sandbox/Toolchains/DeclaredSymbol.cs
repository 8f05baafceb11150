namespace Agents.Sandbox.Toolchains;

/// <summary>A symbol found on a real syntax tree: <c>function</c>, <c>class</c>, <c>method</c> (as <c>Type.Name</c>), …</summary>
internal sealed record DeclaredSymbol(string Kind, string Name, int Line);
