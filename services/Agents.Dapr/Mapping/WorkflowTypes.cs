using System.Reflection;
using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>
/// Finds our workflow and activity classes and their input and output types, so the Dapr wrappers can be
/// closed over them by reflection. That also reaches classes internal to their assembly (the pipeline's
/// activities are), which generic code in another assembly could not name.
/// </summary>
internal static class WorkflowTypes
{
    /// <summary>[input, output] when <paramref name="type"/> is a concrete <see cref="Workflow{TInput, TOutput}"/>; otherwise null.</summary>
    public static Type[]? WorkflowArguments(Type type) => Concrete(type) ? ArgumentsOf(type, typeof(Workflow<,>)) : null;

    /// <summary>[input, output] when <paramref name="type"/> is a concrete <see cref="WorkflowActivity{TInput, TOutput}"/>; otherwise null.</summary>
    public static Type[]? ActivityArguments(Type type) => Concrete(type) ? ArgumentsOf(type, typeof(WorkflowActivity<,>)) : null;

    /// <summary>The assembly's workflows (each needs a parameterless constructor: it is created on every replay), by full name.</summary>
    public static IReadOnlyList<Type> WorkflowsIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var workflows = assembly.GetTypes().Where(t => WorkflowArguments(t) is not null).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        foreach (var workflow in workflows.Where(w => w.GetConstructor(Type.EmptyTypes) is null))
        {
            throw new InvalidOperationException($"Workflow {workflow.FullName} needs a public parameterless constructor.");
        }
        return workflows;
    }

    /// <summary>The assembly's activities, by full name.</summary>
    public static IReadOnlyList<Type> ActivitiesIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes().Where(t => ActivityArguments(t) is not null).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
    }

    private static bool Concrete(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.IsClass && !type.IsAbstract && !type.ContainsGenericParameters;
    }

    private static Type[]? ArgumentsOf(Type type, Type openBase)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == openBase)
            {
                return current.GetGenericArguments();
            }
        }
        return null;
    }
}
