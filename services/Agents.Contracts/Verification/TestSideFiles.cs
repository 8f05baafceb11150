namespace Agents.Contracts;

/// <summary>
/// Files that belong to the test side: tests themselves and anything that configures how tests are collected,
/// built or run (runner configuration, interpreter start-up hooks, build imports). Code under test has no reason
/// to bring one; a coder that does could decide its own verdict. Matched on the path alone, in every language.
/// </summary>
public static class TestSideFiles
{
    private static readonly string[] s_exactNames =
    [
        // Python: pytest configuration and plugins, interpreter start-up hooks, a shadowing runner.
        "conftest.py", "pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", "sitecustomize.py", "usercustomize.py", "pytest.py",
        "unittest.py", "_pytest.py", "__main__.py",
        // JavaScript: package metadata (test scripts, "type", imports maps) and runner configuration.
        "package.json", ".npmrc", ".node-options",
        // C#/.NET: imports every project picks up, SDK selection, restore sources, test settings.
        "Directory.Build.props", "Directory.Build.targets", "Directory.Build.rsp", "Directory.Packages.props", "Directory.Solution.props",
        "Directory.Solution.targets", "global.json", "nuget.config", "NuGet.Config", "MSBuild.rsp", "xunit.runner.json", "testconfig.json",
    ];

    private static readonly string[] s_folders = ["pytest", "_pytest", "node_modules", "__pycache__"];

    private static readonly string[] s_extensions = [".pth", ".csproj", ".props", ".targets", ".runsettings", ".rsp", ".sln", ".slnx", ".pyc"];

    private static readonly string[] s_prefixes = ["test_", "jest.config", "vitest.config", ".mocharc", "karma.conf", "ava.config", ".c8rc", ".nycrc"];

    private static readonly string[] s_suffixes =
    [
        "_test.py", ".test.js", ".test.mjs", ".test.cjs", ".spec.js", ".spec.mjs", ".spec.cjs", "-test.js", "_test.js", "Tests.cs", "Test.cs",
    ];

    /// <summary>Why <paramref name="path"/> is a test-side file, or null when it is ordinary code.</summary>
    public static string? Rule(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/');
        var name = segments[^1];
        if (segments[..^1].FirstOrDefault(s => s_folders.Contains(s, StringComparer.OrdinalIgnoreCase)) is { } folder)
        {
            return $"files under '{folder}/' shadow or configure the test runner";
        }
        if (segments[..^1].Any(s => s is "test" or "tests" or "__tests__" or "spec"))
        {
            return "files in a test folder are tests";
        }
        if (s_exactNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{name}' configures how tests are collected, built or run";
        }
        if (s_extensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } extension)
        {
            return $"'{extension}' files configure the build or the interpreter";
        }
        if (s_prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || s_suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)) || name is "test.js" or "test.py")
        {
            return $"'{name}' is named as a test file";
        }
        return null;
    }
}
