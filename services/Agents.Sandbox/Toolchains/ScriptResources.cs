using System.Collections.Concurrent;

namespace Agents.Sandbox.Toolchains;

/// <summary>The helper programs in <c>Scripts/</c>, embedded in this assembly and passed to interpreters inline.</summary>
internal static class ScriptResources
{
    private static readonly ConcurrentDictionary<string, string> s_cache = new(StringComparer.Ordinal);

    public static string Get(string fileName) => s_cache.GetOrAdd(fileName, static name =>
    {
        using var stream = typeof(ScriptResources).Assembly.GetManifestResourceStream("Agents.Sandbox.Scripts." + name)
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
