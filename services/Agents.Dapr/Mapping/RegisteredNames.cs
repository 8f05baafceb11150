namespace Agents.Dapr.Mapping;

/// <summary>
/// The names workflows and activities are registered under with Dapr: our names (the type's name unless
/// given), so <c>CallActivityAsync(nameof(X))</c>, child workflow calls and clients work unchanged on
/// either runtime. Dapr matches names case-insensitively and silently keeps the first of two equal
/// names, so a clash is an error here instead.
/// </summary>
internal sealed class RegisteredNames
{
    private readonly HashSet<string> _workflows = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registered workflow names.</summary>
    public IReadOnlyCollection<string> Workflows => _workflows;

    /// <summary>Registered activity names.</summary>
    public IReadOnlyCollection<string> Activities => _activities;

    /// <summary>The name a type is registered under: <paramref name="name"/> or the type's name.</summary>
    public static string NameOf(Type type, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (name is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            return name;
        }
        // A generic type's name carries an arity suffix ("X`1") that nameof(X) never produces.
        if (type.IsGenericType)
        {
            throw new ArgumentException($"{type.Name} is generic; register it with an explicit name.", nameof(type));
        }
        return type.Name;
    }

    /// <summary>Records a workflow name; throws when it is already taken.</summary>
    public string AddWorkflow(Type type, string? name = null) => Add(_workflows, "workflow", type, name);

    /// <summary>Records an activity name; throws when it is already taken.</summary>
    public string AddActivity(Type type, string? name = null) => Add(_activities, "activity", type, name);

    private static string Add(HashSet<string> names, string kind, Type type, string? name)
    {
        var resolved = NameOf(type, name);
        if (!names.Add(resolved))
        {
            throw new InvalidOperationException($"A {kind} named '{resolved}' is already registered (Dapr compares names ignoring case).");
        }
        return resolved;
    }
}
