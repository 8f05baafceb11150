namespace Agents.Workflows;

/// <summary>Matches a recorded error type name (the failure crossed a journal, so only the name is left) against a type.</summary>
internal static class FailureTypes
{
    public static bool IsCausedBy(string errorType, Type type)
    {
        if (string.Equals(errorType, type.FullName, StringComparison.Ordinal))
        {
            return true;
        }
        // The recorded type may be a subtype of the one asked about: resolve it among loaded assemblies.
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var recorded = assembly.GetType(errorType, throwOnError: false);
            if (recorded is not null)
            {
                return type.IsAssignableFrom(recorded);
            }
        }
        return false;
    }
}
