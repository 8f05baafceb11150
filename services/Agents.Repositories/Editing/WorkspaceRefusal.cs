namespace Agents.Repositories.Editing;

/// <summary>A tool call the workspace will not carry out; its message goes back to the model as the tool's answer.</summary>
internal sealed class WorkspaceRefusal(string message) : Exception(message);
