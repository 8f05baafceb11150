using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Agents.Repositories.Editing;

/// <summary>
/// The coder's tools over a <see cref="Workspace"/>, as Microsoft.Extensions.AI functions. Each answers with text for
/// the model; a refused call is an answer starting with <c>Error:</c>, never an exception out of the tool loop.
/// <c>run_tests</c> hands a copy of the files to the caller's runner (the pipeline runs the sandbox there).
/// </summary>
public sealed class WorkspaceTools
{
    public const string ListFilesName = "list_files";
    public const string ReadFileName = "read_file";
    public const string SearchName = "search";
    public const string EditFileName = "edit_file";
    public const string ApplyPatchName = "apply_patch";
    public const string CreateFileName = "create_file";
    public const string DeleteFileName = "delete_file";
    public const string RunTestsName = "run_tests";

    // Web names (search, replace) for the edit blocks, read case-insensitively; everything else as the library does it.
    private static readonly JsonSerializerOptions s_json = CreateJsonOptions();

    private readonly Workspace _workspace;
    private readonly Func<IReadOnlyDictionary<string, string>, CancellationToken, Task<string>> _runTests;
    private int _testRuns;

    public WorkspaceTools(Workspace workspace, Func<IReadOnlyDictionary<string, string>, CancellationToken, Task<string>> runTests)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(runTests);
        _workspace = workspace;
        _runTests = runTests;
        Functions =
        [
            Create(ListFiles, ListFilesName, "Lists the repository's files (path and line count), optionally only those under a folder."),
            Create(ReadFile, ReadFileName, "Reads a file, or a 1-based inclusive line range of it; each line is shown as 'number<TAB>text'. Long files are shown in parts: the answer says where to go on."),
            Create(Search, SearchName, "Searches the files line by line with a .NET regular expression; answers 'path:line: text' for each matching line, the first matches only."),
            Create(EditFile, EditFileName, "Edits one file with search/replace blocks. Each search text must occur exactly once in the file as it is now (copy it from read_file, without the line numbers); if any block matches 0 or several times, nothing is changed and the answer says which."),
            Create(ApplyPatch, ApplyPatchName, "Applies a unified diff ('--- a/path', '+++ b/path', '@@ -l,n +l,n @@' hunks; /dev/null to create or delete a file). Context and removed lines must match the files exactly; if any hunk does not apply, nothing is changed."),
            Create(CreateFile, CreateFileName, "Creates a new file with the given content; an existing file is changed with edit_file or apply_patch."),
            Create(DeleteFile, DeleteFileName, "Deletes a file."),
            Create(RunTestsAsync, RunTestsName, "Runs the repository's tests on the files as they are now and answers with the summary: which tests passed and failed."),
        ];
    }

    /// <summary>The eight tools, to pass as <c>ChatOptions.Tools</c>.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    public Workspace Workspace => _workspace;

    /// <summary>How often the model ran the tests, for the run's record and a bound on the loop.</summary>
    public int TestRuns => Volatile.Read(ref _testRuns);

    private string ListFiles([Description("Folder relative to the repository root, e.g. 'src'; omit for all files.")] string? folder = null) =>
        _workspace.ListFiles(folder);

    private string ReadFile(
        [Description("File path relative to the repository root, e.g. 'src/app.py'.")] string path,
        [Description("First line to show, 1-based; omit to start at the top.")] int? startLine = null,
        [Description("Last line to show, inclusive; omit to read to the end.")] int? endLine = null) =>
        _workspace.ReadFile(path, startLine, endLine);

    private string Search(
        [Description(".NET regular expression, matched against each line.")] string pattern,
        [Description("Folder to search under; omit for all files.")] string? folder = null,
        [Description("Whether to ignore case.")] bool ignoreCase = false,
        CancellationToken cancellationToken = default) =>
        _workspace.Search(pattern, folder, ignoreCase, cancellationToken);

    private string EditFile(
        [Description("File path relative to the repository root.")] string path,
        [Description("The blocks to apply, each {\"search\": exact current text, \"replace\": new text}.")] EditBlock[] blocks) =>
        _workspace.EditFile(path, blocks);

    private string ApplyPatch([Description("The unified diff, paths relative to the repository root (a/ and b/ prefixes allowed).")] string patch) =>
        _workspace.ApplyPatch(patch);

    private string CreateFile(
        [Description("New file's path relative to the repository root.")] string path,
        [Description("The whole content of the file.")] string content) =>
        _workspace.CreateFile(path, content);

    private string DeleteFile([Description("File path relative to the repository root.")] string path) =>
        _workspace.DeleteFile(path);

    private async Task<string> RunTestsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _testRuns);
        var files = _workspace.Files;
        try
        {
            return _workspace.Bound(await _runTests(files, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever stopped the runner, the model is told the tests did not run and its loop goes on; the run's own checks run the tests again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"Error: the tests could not be run: {e.Message}";
        }
    }

    private static AIFunction Create(Delegate method, string name, string description) =>
        AIFunctionFactory.Create(method, new AIFunctionFactoryOptions { Name = name, Description = description, SerializerOptions = s_json });

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)
        {
            PropertyNameCaseInsensitive = true,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(RepositoriesJsonContext.Default, AIJsonUtilities.DefaultOptions.TypeInfoResolver),
        };
        options.MakeReadOnly();
        return options;
    }
}
