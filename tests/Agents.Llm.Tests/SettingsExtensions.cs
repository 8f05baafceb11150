namespace Agents.Llm.Tests;

internal static class SettingsExtensions
{
    /// <summary>Merges settings; later ones win.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, params (string Key, string? Value)[] more) =>
        settings.Merge(more.Select(m => KeyValuePair.Create(m.Key, m.Value)));

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, Dictionary<string, string?> more) =>
        settings.Merge(more);

    private static Dictionary<string, string?> Merge(this Dictionary<string, string?> settings, IEnumerable<KeyValuePair<string, string?>> more)
    {
        var merged = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in more)
        {
            merged[key] = value;
        }
        return merged;
    }
}
