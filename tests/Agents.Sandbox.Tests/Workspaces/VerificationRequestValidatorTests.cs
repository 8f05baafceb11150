using Agents.Contracts;
using Agents.Sandbox.Workspaces;

namespace Agents.Sandbox.Tests.Workspaces;

public sealed class VerificationRequestValidatorTests
{
    private static readonly SandboxOptions s_options = new() { MaxFiles = 3, MaxFileBytes = 100, MaxTotalBytes = 150 };

    [Theory]
    [InlineData("../escape.py")]
    [InlineData("src/../../escape.py")]
    [InlineData("/etc/passwd")]
    [InlineData("~/.bashrc")]
    [InlineData("src\\win.py")]
    [InlineData("C:x.py")]
    [InlineData("a//b.py")]
    [InlineData("./a.py")]
    [InlineData("src/")]
    [InlineData(".agents/report.xml")]
    [InlineData("x;rm -rf.py")]
    [InlineData("")]
    public void Validate_BadPath_IsRejectedNamingIt(string path)
    {
        var request = new VerificationRequest("python", new Dictionary<string, string> { [path] = "x = 1" });

        var errors = VerificationRequestValidator.Validate(request, s_options);

        var error = Assert.Single(errors);
        Assert.Equal($"files[{path}]", error.Key);
        Assert.Contains($"'{path}'", error.Value.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NestedRelativePaths_AreAccepted()
    {
        var request = new VerificationRequest("python", new Dictionary<string, string> { ["src/app/main.py"] = "x = 1" }, new Dictionary<string, string> { ["tests/test_main.py"] = "y = 2" });

        Assert.Empty(VerificationRequestValidator.Validate(request, s_options));
    }

    [Fact]
    public void Validate_TooManyOrTooLargeFiles_AreRejected()
    {
        var files = Enumerable.Range(0, 4).ToDictionary(i => $"f{i}.py", _ => "x");
        var big = new Dictionary<string, string> { ["big.py"] = new string('x', 101) };

        Assert.Contains("files", VerificationRequestValidator.Validate(new VerificationRequest("python", files), s_options).Keys);
        Assert.Contains("files[big.py]", VerificationRequestValidator.Validate(new VerificationRequest("python", big), s_options).Keys);
    }

    [Theory]
    [InlineData("cobol", 10, "language")]
    [InlineData("python", 0, "timeoutSeconds")]
    [InlineData("python", 100_000, "timeoutSeconds")]
    public void Validate_BadLanguageOrTimeout_NamesTheField(string language, int timeout, string field)
    {
        var request = new VerificationRequest(language, new Dictionary<string, string> { ["a.py"] = "x" }, TimeoutSeconds: timeout);

        Assert.Equal([field], VerificationRequestValidator.Validate(request, s_options).Keys);
    }

    [Fact]
    public void Validate_SamePathInFilesAndTests_IsRejected()
    {
        var request = new VerificationRequest("python", new Dictionary<string, string> { ["a.py"] = "x" }, new Dictionary<string, string> { ["a.py"] = "y" });

        Assert.Contains("tests[a.py]", VerificationRequestValidator.Validate(request, s_options).Keys);
    }
}
