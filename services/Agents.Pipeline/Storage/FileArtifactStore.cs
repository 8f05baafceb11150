namespace Agents.Pipeline.Storage;

/// <summary>Artifacts as files <c>{data}/artifacts/{run}/{step}-{attempt}.json</c>, written to a temporary file, fsynced and renamed.</summary>
internal sealed class FileArtifactStore(string dataDirectory) : IArtifactStore
{
    private readonly string _root = Path.Combine(Path.GetFullPath(dataDirectory), "artifacts");

    public async Task PutAsync(string key, string json, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await using var writer = new StreamWriter(file);
            await writer.WriteAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            // Durable before the activity reports success: after a crash the journal may say "done" and point here.
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: false);
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    private string PathOf(string key) =>
        ArtifactKeys.IsValid(key) ? Path.Combine(_root, key + ".json") : throw new ArgumentException($"'{key}' is not an artifact key.", nameof(key));
}
