namespace Agents.Contracts;

/// <summary>The planner's answer (JSON schema <c>plan</c>).</summary>
/// <param name="Summary">What will be built, in a sentence or two.</param>
/// <param name="Files">The files to write and what each is for.</param>
/// <param name="Symbols">The public symbols the code will define; the tests are written against them.</param>
/// <param name="TestStrategy">How the behaviour will be tested.</param>
/// <param name="Steps">The implementation steps.</param>
public sealed record PipelinePlan(string Summary, IReadOnlyList<PlannedFile> Files, IReadOnlyList<CodeClaim> Symbols, string TestStrategy, IReadOnlyList<string> Steps);

/// <summary>A file the plan calls for.</summary>
public sealed record PlannedFile(string Path, string Purpose);
