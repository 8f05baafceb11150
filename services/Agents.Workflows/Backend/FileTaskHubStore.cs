using System.Threading.Channels;

namespace Agents.Workflows.Backend;

/// <summary>
/// The backend's durable store on one append-only file, in the file journal's framing (length, checksum,
/// payload: a torn last record from a crash is dropped on start). A change is acknowledged only after its
/// record is fsynced; one writer drains every record queued meanwhile into one write and one fsync (group
/// commit). On start the log is read, then rewritten as one record per live instance (compaction by rename).
/// </summary>
internal sealed class FileTaskHubStore : ITaskHubStore
{
    public const string FileName = "taskhub.journal";

    private readonly Channel<(byte[] Record, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(byte[], TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _path;
    private FileStream? _file;
    private Task? _writer;

    public FileTaskHubStore(string directory)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, FileName);
    }

    /// <summary>Reads the log; the caller then writes a snapshot with <see cref="Compact"/> before serving.</summary>
    public Dictionary<string, StoredInstance> Load()
    {
        var instances = new Dictionary<string, StoredInstance>(StringComparer.Ordinal);
        if (File.Exists(_path))
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            FileFrames.ReadFrames(file, record => TaskHubRecords.Apply(record, instances));
        }
        return instances;
    }

    /// <summary>Replaces the log with <paramref name="records"/> (fsynced, renamed over it) and opens it for appends.</summary>
    public void Compact(IReadOnlyList<TaskHubRecord> records)
    {
        var temporary = _path + ".compact";
        using (var compacted = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var record in records)
            {
                FileFrames.WriteFrame(compacted, record.Bytes);
            }
            compacted.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
        _file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read, 1 << 16);
        _file.Seek(0, SeekOrigin.End);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a record (call in commit order); the task completes once it is on disk.</summary>
    public Task AppendAsync(TaskHubRecord record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((record.Bytes, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(FileTaskHubStore), "The workflow backend's store is closed."));
        }
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<TaskCompletionSource>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            try
            {
                while (batch.Count < 4096 && reader.TryRead(out var item))
                {
                    FileFrames.WriteFrame(_file!, item.Record);
                    batch.Add(item.Done);
                }
                _file!.Flush(flushToDisk: true);
            }
            catch (IOException ex)
            {
                // Nothing of this batch is acknowledged; a torn tail it may leave is dropped on the next start.
                batch.ForEach(d => d.TrySetException(ex));
                continue;
            }
            batch.ForEach(d => d.TrySetResult());
        }
    }
}
