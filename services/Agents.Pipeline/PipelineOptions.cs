using System.ComponentModel.DataAnnotations;

namespace Agents.Pipeline;

/// <summary>The <c>Pipeline</c> section: where runs are kept and the limits on what a request may ask for.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>
    /// The data folder: journal, artifacts and events when no database is configured. Defaults to
    /// <c>~/.local/share/agents</c> (the user's local application data), so it survives restarts and does not depend
    /// on the working directory.
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Largest <c>POST /api/workflow/full-sdlc</c> body in bytes.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Longest requirements text in characters.</summary>
    [Range(1, 200_000)]
    public int MaxRequirementsLength { get; set; } = 20_000;

    /// <summary>How long the approval gate waits before the run fails.</summary>
    [Range(1, 7 * 24 * 60)]
    public int ApprovalTimeoutMinutes { get; set; } = 24 * 60;

    /// <summary>Wall-clock limit of one test run in the sandbox.</summary>
    [Range(1, 300)]
    public int TestTimeoutSeconds { get; set; } = 60;

    public static string DefaultDataDirectory { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "agents");
}
