using DiffPlex;

namespace Agents.Repositories.Patches;

/// <summary>DiffPlex's own line chunkers split on <c>\r</c> too and drop terminators; a patch git applies needs <see cref="TextLines"/>.</summary>
internal sealed class GitLineChunker : IChunker
{
    public static GitLineChunker Instance { get; } = new();

    public IReadOnlyList<string> Chunk(string text) => TextLines.Split(text);
}
