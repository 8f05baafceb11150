using System.Text.Json;
using System.Threading.Channels;

namespace Agents.Workflows.Journal;

/// <summary>
/// The embedded default: an append-only log of journal operations in one file, replayed into memory on
/// start. A change is acknowledged only after its record is fsynced. One writer drains every change
/// queued meanwhile into a single write and a single fsync (group commit), so many instances share a
/// flush and throughput does not fall to one step per disk round trip.
/// </summary>
internal sealed class FileWorkflowJournal(string directory, long compactAboveBytes) : InMemoryWorkflowJournal
{
    public const string FileName = "workflows.journal";

    private readonly Channel<(JournalOperation Operation, byte[] Payload, TaskCompletionSource<object?> Done)> _queue =
        Channel.CreateUnbounded<(JournalOperation, byte[], TaskCompletionSource<object?>)>(new UnboundedChannelOptions { SingleReader = true });

    private FileStream? _file;
    private Task? _writer;

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        _file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.None);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var valid = FileFrames.ReadFrames(_file, payload =>
        {
            var operation = JsonSerializer.Deserialize<JournalOperation>(payload.Span, JournalJson.Options)!;
            try
            {
                State.Apply(operation, changed);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The operation failed when it was first applied too (e.g. a duplicate instance id); replaying it changes nothing.
            }
        });
        if (valid < _file.Length)
        {
            // A torn last record: its change was never acknowledged, so dropping it loses nothing.
            _file.SetLength(valid);
            _file.Flush(flushToDisk: true);
        }
        if (_file.Length > compactAboveBytes)
        {
            await CompactAsync(cancellationToken).ConfigureAwait(false);
        }
        _file.Seek(0, SeekOrigin.End);
        ResetLeases();
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Rewrites the log as a snapshot of the current state (finished instances without history) into a new file,
    /// fsyncs it, and renames it over the old one: a crash at any point leaves either the old or the new log whole.
    /// </summary>
    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        var temporary = Path + ".compact";
        await using (var compacted = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var operation in State.Snapshot())
            {
                FileFrames.WriteFrame(compacted, JsonSerializer.SerializeToUtf8Bytes(operation, JournalJson.Options));
            }
            compacted.Flush(flushToDisk: true);
        }
        await _file!.DisposeAsync().ConfigureAwait(false);
        File.Move(temporary, Path, overwrite: true);
        _file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.None);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public override async ValueTask DisposeAsync()
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
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override Task<object?> ExecuteAsync(JournalOperation operation)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(operation, JournalJson.Options);
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((operation, payload, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(FileWorkflowJournal), "The workflow journal is closed."));
        }
        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(JournalOperation Operation, TaskCompletionSource<object?>? Done)>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            try
            {
                while (batch.Count < 4096 && reader.TryRead(out var item))
                {
                    batch.Add((item.Operation, item.Done));
                    FileFrames.WriteFrame(_file!, item.Payload);
                }
                _file!.Flush(flushToDisk: true);
            }
            catch (IOException ex)
            {
                // Nothing of this batch is acknowledged; a torn tail it may leave is dropped on the next start.
                batch.ForEach(b => b.Done?.TrySetException(ex));
                continue;
            }
            ApplyDurable(batch);
        }
    }
}
