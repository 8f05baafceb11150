using System.Globalization;

namespace Agents.Benchmarks;

/// <summary>The workflow benchmark's <c>--name value</c> options.</summary>
internal static class WorkflowsBenchmarkOptions
{
    public static int Int(IReadOnlyList<string> arguments, string name, int fallback) =>
        Text(arguments, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static string? Text(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == name)
            {
                return arguments[i + 1];
            }
        }
        return null;
    }
}
