namespace Agents.Contracts;

/// <summary>A file written by the model: a workspace-relative path and its content.</summary>
public sealed record SourceFile(string Path, string Content);
