namespace Agents.Testing.OpenAi;

/// <summary>A tool call the scripted model makes; <paramref name="Arguments"/> is the JSON arguments string.</summary>
public sealed record ScriptedToolCall(string Name, string Arguments, string? Id = null);
