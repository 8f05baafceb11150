using System.ComponentModel.DataAnnotations;

namespace Agents.Workflows.Backend;

/// <summary>Settings of the embedded durable-task backend (section <c>TaskHub</c>).</summary>
public sealed class TaskHubBackendOptions
{
    public const string SectionName = "TaskHub";

    /// <summary>The value every call must carry in <c>dapr-api-token</c>; the SDK sends its <c>DAPR_API_TOKEN</c>.</summary>
    [Required]
    [MinLength(16)]
    public string ApiToken { get; set; } = "";

    /// <summary>Where the file store keeps its log; null keeps everything in memory only (lost on stop).</summary>
    public string? JournalDirectory { get; set; }

    /// <summary>Largest input, event payload or activity result accepted, in UTF-8 bytes.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest gRPC message accepted from a worker or client (a turn's actions carry several payloads).</summary>
    [Range(64 * 1024, int.MaxValue)]
    public int MaxReceiveMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Page size of ListInstanceIDs when the caller names none.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 100;
}
