namespace Agents.Workflows;

/// <summary>The name of a workflow or activity. Mirrors <c>Dapr.Workflow.TaskIdentifier</c>.</summary>
public readonly record struct TaskIdentifier(string Name)
{
    /// <summary>The name.</summary>
    public static implicit operator string(TaskIdentifier identifier) => identifier.Name;

    /// <summary>Wraps a name.</summary>
    public static implicit operator TaskIdentifier(string name) => new(name);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Wraps a name.</summary>
    public static TaskIdentifier FromString(string name) => new(name);
}
