using System.Text.Json;
using System.Threading.Channels;

namespace Agents.Workflows.Journal;

/// <summary>
/// The embedded default: an append-only log of journal operations in one file, replayed into memory on
/// start. A change is acknowledged only after its record is fsynced. One writer drains every change
/// queued meanwhile into a single write and a single fsync (group commit), so many instances share a
/// flush and throughput does not fall to one step per disk round trip.
/// </summary>
internal sealed class FileWorkflowJournal(string directory) : InMemoryWorkflowJournal
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
            catch (InvalidOperationException)
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
        _file.Seek(0, SeekOrigin.End);
        ResetLeases();
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        await Task.CompletedTask.ConfigureAwait(false);
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
            while (batch.Count < 4096 && reader.TryRead(out var item))
            {
                FileFrames.WriteFrame(_file!, item.Payload);
                batch.Add((item.Operation, item.Done));
            }
            try
            {
                _file!.Flush(flushToDisk: true);
            }
            catch (IOException ex)
            {
                batch.ForEach(b => b.Done?.TrySetException(ex));
                continue;
            }
            ApplyDurable(batch);
        }
    }
}
