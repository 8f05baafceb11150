namespace Agents.Contracts;

/// <summary>Languages the sandbox verifies (the <c>language</c> field of a verification request).</summary>
public static class VerificationLanguages
{
    public const string Python = "python";
    public const string JavaScript = "javascript";
    public const string CSharp = "csharp";

    public static IReadOnlyList<string> All { get; } = [Python, JavaScript, CSharp];
}
