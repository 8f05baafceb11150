using System.Text;
using System.Text.Json;
using Agents.Pipeline.Storage;

namespace Agents.Pipeline.Events;

/// <summary>
/// One JSON-lines file per run, <c>{data}/events/{run}.jsonl</c>; the line number is the sequence. One process writes
/// (the data folder is locked by its gateway), so a lock in memory serialises appends.
/// </summary>
internal sealed class FilePipelineEventStore(string dataDirectory) : IPipelineEventStore
{
    private readonly string _root = Path.Combine(Path.GetFullPath(dataDirectory), "events");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HashSet<string>> _ids = new(StringComparer.Ordinal);

    public async Task<bool> AppendAsync(string runId, string id, string json, CancellationToken cancellationToken)
    {
        var path = PathOf(runId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ids.TryGetValue(runId, out var ids))
            {
                ids = await LoadIdsAsync(path, cancellationToken).ConfigureAwait(false);
                _ids[runId] = ids;
            }
            if (!ids.Add(id))
            {
                return false;
            }
            Directory.CreateDirectory(_root);
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<(long Sequence, string Json)>> ReadAsync(string runId, long afterSequence, CancellationToken cancellationToken)
    {
        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return [];
        }
        string text;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(file))
        {
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        var lines = text.Split('\n');
        var result = new List<(long, string)>();
        // The last element is "" after a complete line, or a line still being written: only complete lines count.
        for (var i = (int)Math.Min(afterSequence, lines.Length - 1); i < lines.Length - 1; i++)
        {
            result.Add((i + 1, lines[i]));
        }
        return result;
    }

    private static async Task<HashSet<string>> LoadIdsAsync(string path, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return ids;
        }
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var complete = text.LastIndexOf('\n') + 1;
        if (complete < text.Length)
        {
            // A line torn by a crash was never acknowledged: drop it so the next append starts on a fresh line.
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.SetLength(Encoding.UTF8.GetByteCount(text.AsSpan(0, complete)));
            file.Flush(flushToDisk: true);
        }
        foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("id", out var id) && id.GetString() is { } value)
            {
                ids.Add(value);
            }
        }
        return ids;
    }

    private string PathOf(string runId) =>
        ArtifactKeys.IsValidRunId(runId) ? Path.Combine(_root, runId + ".jsonl") : throw new ArgumentException($"'{runId}' is not a run id.", nameof(runId));
}
