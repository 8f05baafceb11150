using System.Globalization;
using System.Security.Cryptography;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// Tests the harness adds beside the real ones, each built to fail, under unpredictable names and in varied
/// shapes (a false assertion, a wrong comparison, an exception). A run that reports one of them as passed, or
/// not at all, had its outcomes rewritten or was cut short: its verdict is not believed.
/// </summary>
internal static class Canaries
{
    private static readonly string[] s_verbs = ["parses", "handles", "returns", "keeps", "rejects", "sorts", "maps", "counts", "merges", "splits"];
    private static readonly string[] s_nouns = ["empty_input", "large_values", "unicode", "negative_numbers", "duplicates", "nested_lists", "whitespace", "zero", "order", "bounds"];

    /// <summary>A plausible, unpredictable test name: <c>verb_noun_xxxxxx</c>.</summary>
    public static string Name() =>
        $"{s_verbs[RandomNumberGenerator.GetInt32(s_verbs.Length)]}_{s_nouns[RandomNumberGenerator.GetInt32(s_nouns.Length)]}_{RandomNumberGenerator.GetHexString(6, lowercase: true)}";

    /// <summary>
    /// <paramref name="count"/> bodies in consecutive shapes from a random start. Shapes alternate between an
    /// assertion and a plain exception, so any two consecutive canaries include both: patching the assertion
    /// library alone, or exceptions alone, always leaves a canary that gives it away.
    /// </summary>
    public static IReadOnlyList<string> Bodies(string[] shapes, int count)
    {
        var start = RandomNumberGenerator.GetInt32(shapes.Length);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var a = RandomNumberGenerator.GetInt32(2, 1000);
            var b = a + RandomNumberGenerator.GetInt32(1, 50);
            return string.Format(CultureInfo.InvariantCulture, shapes[(start + i) % shapes.Length], a, b, RandomNumberGenerator.GetHexString(8, lowercase: true));
        })];
    }

    /// <summary>How many canaries go into each test file (or run).</summary>
    public static int Count => 3;
}
