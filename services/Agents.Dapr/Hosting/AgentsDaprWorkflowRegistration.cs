using System.Reflection;
using System.Text.Json;
using Agents.Dapr.Mapping;
using Agents.Dapr.Workflows;
using Agents.Workflows;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Hosting;

/// <summary>
/// Our workflows and activities to register with Dapr Workflow, each as its wrapper
/// (<see cref="DaprWorkflow{TWorkflow, TInput, TOutput}"/>, <see cref="DaprActivity{TActivity, TInput, TOutput}"/>)
/// under our name: the type's name unless given, exactly as the embedded runtime names them.
/// </summary>
public sealed class AgentsDaprWorkflowRegistration
{
    private readonly RegisteredNames _names = new();
    private readonly List<Action<DaprWf.WorkflowRuntimeOptions>> _registrations = [];

    /// <summary>How the client adapter reads payloads back; keep it equal to Dapr's serializer (web defaults).</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>The registered workflow names.</summary>
    public IReadOnlyCollection<string> Workflows => _names.Workflows;

    /// <summary>The registered activity names.</summary>
    public IReadOnlyCollection<string> Activities => _names.Activities;

    /// <summary>Registers a workflow under <paramref name="name"/> or its type's name.</summary>
    public AgentsDaprWorkflowRegistration RegisterWorkflow<TWorkflow, TInput, TOutput>(string? name = null)
        where TWorkflow : Workflow<TInput, TOutput>, new()
    {
        var registered = _names.AddWorkflow(typeof(TWorkflow), name);
        _registrations.Add(options => options.RegisterWorkflow<DaprWorkflow<TWorkflow, TInput, TOutput>>(registered));
        return this;
    }

    /// <summary>Registers an activity under <paramref name="name"/> or its type's name.</summary>
    public AgentsDaprWorkflowRegistration RegisterActivity<TActivity, TInput, TOutput>(string? name = null)
        where TActivity : WorkflowActivity<TInput, TOutput>
    {
        var registered = _names.AddActivity(typeof(TActivity), name);
        _registrations.Add(options => options.RegisterActivity<DaprActivity<TActivity, TInput, TOutput>>(registered));
        return this;
    }

    /// <summary>
    /// Registers every workflow and activity class in <paramref name="assembly"/> under its type's name, internal
    /// ones included (the pipeline's activities are internal): the same set the embedded runtime is given.
    /// </summary>
    public AgentsDaprWorkflowRegistration RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var workflow in WorkflowTypes.WorkflowsIn(assembly))
        {
            Close(nameof(RegisterWorkflow), workflow, WorkflowTypes.WorkflowArguments(workflow)!);
        }
        foreach (var activity in WorkflowTypes.ActivitiesIn(assembly))
        {
            Close(nameof(RegisterActivity), activity, WorkflowTypes.ActivityArguments(activity)!);
        }
        return this;
    }

    internal void ApplyTo(DaprWf.WorkflowRuntimeOptions options)
    {
        foreach (var register in _registrations)
        {
            register(options);
        }
    }

    // Closes RegisterWorkflow/RegisterActivity over a type found by reflection: only our own generic methods
    // are reflected on, never Dapr's.
    private void Close(string method, Type type, Type[] inputAndOutput)
    {
        var open = typeof(AgentsDaprWorkflowRegistration).GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!;
        // DoNotWrapExceptions: a name clash surfaces as the InvalidOperationException itself.
        open.MakeGenericMethod(type, inputAndOutput[0], inputAndOutput[1]).Invoke(this, BindingFlags.DoNotWrapExceptions, binder: null, [null], culture: null);
    }
}
