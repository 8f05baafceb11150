namespace Agents.Workflows.Engine;

/// <summary>Registered workflow and activity factories by name.</summary>
internal sealed class WorkflowRegistry
{
    private readonly Dictionary<string, Func<IWorkflow>> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider, IWorkflowActivity>> _activities = new(StringComparer.Ordinal);

    public void AddWorkflow(string name, Func<IWorkflow> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_workflows.TryAdd(name, factory))
        {
            throw new ArgumentException($"A workflow named '{name}' is already registered.", nameof(name));
        }
    }

    public void AddActivity(string name, Func<IServiceProvider, IWorkflowActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }
    }

    public bool TryCreateWorkflow(string name, out IWorkflow workflow)
    {
        workflow = null!;
        if (!_workflows.TryGetValue(name, out var factory))
        {
            return false;
        }
        workflow = factory();
        return true;
    }

    public Func<IServiceProvider, IWorkflowActivity>? FindActivity(string name) => _activities.GetValueOrDefault(name);
}
