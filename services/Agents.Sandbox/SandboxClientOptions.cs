using System.ComponentModel.DataAnnotations;

namespace Agents.Sandbox;

/// <summary>Configuration section <c>SandboxClient</c>: where SandboxHost listens, for <see cref="SandboxHttpClient"/>.</summary>
public sealed class SandboxClientOptions
{
    public const string SectionName = "SandboxClient";

    [Required]
    public Uri? BaseAddress { get; set; }

    /// <summary>Per request; a C# verification restores, builds and tests, so this is generous.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 600;
}
