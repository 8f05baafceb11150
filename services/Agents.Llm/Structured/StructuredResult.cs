namespace Agents.Llm.Structured;

/// <summary>A validated structured answer, with how many attempts it took and the JSON it was read from.</summary>
public sealed record StructuredResult<T>(T Value, int Attempts, string Json);
