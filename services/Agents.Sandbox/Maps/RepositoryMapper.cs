using System.Text;
using System.Text.RegularExpressions;

namespace Agents.Sandbox.Maps;

/// <summary>
/// Ranks a repository's files for a requirement and renders their declarations within a token budget. A file ranks by
/// the requirement's words found in its path and declared names, then by how many other files mention the types it
/// declares (code much referred to is code a change is likely to touch or to need). Deterministic: ties go by path.
/// </summary>
public static partial class RepositoryMapper
{
    // Words that say nothing about where a change goes.
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "that", "this", "from", "into", "when", "then", "than", "should", "must", "add", "make",
        "use", "uses", "using", "new", "all", "any", "are", "its", "not", "but", "can", "get", "set", "has", "have", "will",
        "return", "returns", "function", "method", "class", "file", "code", "test", "tests",
    };

    /// <param name="declarations">Path → its declarations (from <see cref="CSharpDeclarations"/> or a language's analyser).</param>
    /// <param name="contents">Path → text, for the references between files.</param>
    /// <param name="requirement">What the change is for.</param>
    /// <param name="tokenBudget">The most the rendered map may take, in estimated tokens.</param>
    public static RepositoryMap Build(
        IReadOnlyDictionary<string, IReadOnlyList<MappedSymbol>> declarations, IReadOnlyDictionary<string, string> contents, string requirement, int tokenBudget)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenBudget);
        var wanted = Terms(requirement ?? "").ToHashSet(StringComparer.Ordinal);
        var mentionedBy = MentionCounts(declarations, contents);
        var ranked = declarations
            .Select(d => new RepositoryMapFile(d.Key, Relevance(d.Key, d.Value, wanted) * 10 + Math.Log(1 + mentionedBy.GetValueOrDefault(d.Key)), d.Value))
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

        var text = new StringBuilder();
        var kept = new List<RepositoryMapFile>();
        var omitted = 0;
        foreach (var file in ranked)
        {
            var block = Render(file);
            if (Tokens(text.Length + block.Length) <= tokenBudget)
            {
                text.Append(block);
                kept.Add(file);
            }
            else
            {
                omitted++;
            }
        }
        var note = $"({omitted} more file(s) not shown)\n";
        if (omitted > 0 && Tokens(text.Length + note.Length) <= tokenBudget)
        {
            text.Append(note);
        }
        return new RepositoryMap(kept, text.ToString(), Tokens(text.Length), ranked.Count, declarations.Sum(d => d.Value.Count), omitted);
    }

    /// <summary>The estimate used for budgets: about four characters per token for code and English.</summary>
    public static int Tokens(int characters) => (characters + 3) / 4;

    private static string Render(RepositoryMapFile file)
    {
        var block = new StringBuilder(file.Path).Append(":\n");
        foreach (var symbol in file.Symbols)
        {
            block.Append(' ', 2 + (2 * symbol.Depth)).Append(symbol.Signature).Append('\n');
        }
        return block.ToString();
    }

    /// <summary>The best match of each wanted word: in the path (3), a type's name (2), a member's name (1).</summary>
    private static double Relevance(string path, IReadOnlyList<MappedSymbol> symbols, HashSet<string> wanted)
    {
        if (wanted.Count == 0)
        {
            return 0;
        }
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        void Offer(IEnumerable<string> terms, double weight)
        {
            foreach (var term in terms.Where(wanted.Contains))
            {
                weights[term] = Math.Max(weights.GetValueOrDefault(term), weight);
            }
        }
        Offer(Terms(path), 3);
        foreach (var symbol in symbols)
        {
            Offer(Terms(symbol.Name), symbol.Depth == 0 ? 2 : 1);
        }
        return weights.Values.Sum() / wanted.Count;
    }

    /// <summary>For each file, how many other files use an identifier that is one of its type names.</summary>
    private static Dictionary<string, int> MentionCounts(
        IReadOnlyDictionary<string, IReadOnlyList<MappedSymbol>> declarations, IReadOnlyDictionary<string, string> contents)
    {
        var declaredIn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, symbols) in declarations)
        {
            foreach (var type in symbols.Where(s => s.Depth == 0))
            {
                if (!declaredIn.TryGetValue(type.Name, out var paths))
                {
                    declaredIn[type.Name] = paths = new HashSet<string>(StringComparer.Ordinal);
                }
                paths.Add(path);
            }
        }
        var mentions = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, content) in contents)
        {
            foreach (var identifier in Identifier().Matches(content).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (!declaredIn.TryGetValue(identifier, out var owners))
                {
                    continue;
                }
                foreach (var owner in owners.Where(o => !string.Equals(o, path, StringComparison.Ordinal)))
                {
                    if (!mentions.TryGetValue(owner, out var by))
                    {
                        mentions[owner] = by = new HashSet<string>(StringComparer.Ordinal);
                    }
                    by.Add(path);
                }
            }
        }
        return mentions.ToDictionary(m => m.Key, m => m.Value.Count, StringComparer.Ordinal);
    }

    /// <summary>Lower-case words of text and identifiers: <c>PipelineRuns.StartAsync</c> → pipeline, runs, start, async.</summary>
    private static IEnumerable<string> Terms(string text) =>
        Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3 && !s_stopWords.Contains(w));

    [GeneratedRegex("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Word();

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 5000)]
    private static partial Regex Identifier();
}
