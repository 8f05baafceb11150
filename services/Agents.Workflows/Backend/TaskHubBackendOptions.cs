using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Agents.Workflows.Backend;

/// <summary>Settings of the embedded durable-task backend (section <c>TaskHub</c>).</summary>
public sealed class TaskHubBackendOptions : IValidatableObject
{
    public const string SectionName = "TaskHub";

    /// <summary>The value every call must carry in <c>dapr-api-token</c>; the SDK sends its <c>DAPR_API_TOKEN</c>.</summary>
    [Required]
    [MinLength(16)]
    public string ApiToken { get; set; } = "";

    /// <summary>Where the file store keeps its log; null keeps everything in memory only (lost on stop).</summary>
    public string? JournalDirectory { get; set; }

    /// <summary>
    /// PostgreSQL store, which several backend processes can share (each runs the instances it owns, under a
    /// lease); null with no <see cref="JournalDirectory"/> either keeps everything in memory.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL store on a data source the host owns (its one shared pool) instead of
    /// <see cref="PostgresConnectionString"/>; the backend does not dispose it.
    /// </summary>
    public NpgsqlDataSource? PostgresDataSource { get; set; }

    /// <summary>
    /// This process's name among the processes sharing a PostgreSQL store. A restart under the same name takes its
    /// instances back at once (and fences out a previous process still running under it); null picks a fresh name,
    /// so a restarted process finds its old instances when their lease runs out (or at once after a clean stop).
    /// </summary>
    [MaxLength(200)]
    public string? OwnerName { get; set; }

    /// <summary>How long a process's claim on its instances lasts without renewal (renewed every third of it).</summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>How often a process sharing a store looks for changes left for its instances by other processes.</summary>
    [Range(10, 60_000)]
    public int SharedPollMilliseconds { get; set; } = 250;

    /// <summary>Largest input, event payload or activity result accepted, in UTF-8 bytes.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest gRPC message accepted from a worker or client (a turn's actions carry several payloads).</summary>
    [Range(64 * 1024, int.MaxValue)]
    public int MaxReceiveMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Page size of ListInstanceIDs when the caller names none.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((JournalDirectory is null ? 0 : 1) + (PostgresConnectionString is null ? 0 : 1) + (PostgresDataSource is null ? 0 : 1) > 1)
        {
            yield return new ValidationResult(
                $"Set one store: {SectionName}:{nameof(JournalDirectory)}, {SectionName}:{nameof(PostgresConnectionString)} or a data source, not several.",
                [nameof(JournalDirectory), nameof(PostgresConnectionString), nameof(PostgresDataSource)]);
        }
    }
}
