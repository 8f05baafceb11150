using System.ComponentModel;

namespace Agents.Repositories.Editing;

/// <summary>One search/replace block of <c>edit_file</c>: <see cref="Search"/> must occur exactly once in the file.</summary>
public sealed record EditBlock(
    [property: Description("Exact text to find, copied from the file (whole lines, with their indentation). It must occur exactly once.")] string Search,
    [property: Description("The text to put in its place.")] string Replace);
