namespace Agents.Workflows.Backend;

/// <summary>What one tick of a shared store brings: instances taken over, and messages for this owner's instances.</summary>
internal sealed record SharedStoreTick(Dictionary<string, StoredInstance> Adopted, IReadOnlyList<TaskHubMessage> Messages);
