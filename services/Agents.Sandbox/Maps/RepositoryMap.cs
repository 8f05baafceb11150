namespace Agents.Sandbox.Maps;

/// <summary>
/// A repository as a model reads it first: the files most relevant to a requirement with their declarations, cut to a
/// token budget (<see cref="Text"/>), and what was left out.
/// </summary>
/// <param name="Files">The files in the map, most relevant first.</param>
/// <param name="Text">The rendered map the prompt carries.</param>
/// <param name="Tokens">Its estimated size in tokens (about four characters each).</param>
/// <param name="FilesTotal">Files that were mapped before the cut.</param>
/// <param name="SymbolsTotal">Declarations found in them.</param>
/// <param name="Omitted">Files left out by the budget (listed last in the text by path while there is room).</param>
public sealed record RepositoryMap(IReadOnlyList<RepositoryMapFile> Files, string Text, int Tokens, int FilesTotal, int SymbolsTotal, int Omitted);

/// <param name="Score">Relevance to the requirement plus how much of the rest of the repository refers to it.</param>
public sealed record RepositoryMapFile(string Path, double Score, IReadOnlyList<MappedSymbol> Symbols);
