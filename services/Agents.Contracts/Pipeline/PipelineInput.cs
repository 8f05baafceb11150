namespace Agents.Contracts;

/// <summary>
/// The workflow's input, normalised from a <see cref="PipelineRequest"/>. A durable contract: runs in a journal hold it,
/// so change it only by adding a V2.
/// </summary>
public sealed record PipelineInput(string Requirements, string Language, int MaxIterations, string Approval, int ApprovalTimeoutMinutes);
