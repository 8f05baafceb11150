using System.ComponentModel.DataAnnotations;

namespace Agents.Sandbox;

/// <summary>
/// Configuration section <c>SandboxClient</c>, for <see cref="SandboxHttpClient"/>. Where SandboxHost listens is not
/// here: it is found through the Dapr sidecar or service discovery (<c>services:sandbox</c>).
/// </summary>
public sealed class SandboxClientOptions
{
    public const string SectionName = "SandboxClient";

    /// <summary>Per request; a C# verification restores, builds and tests, so this is generous.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 600;
}
