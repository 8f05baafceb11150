namespace Agents.Repositories;

/// <summary>A read-only stream that refuses to yield more than a limit, so a decompression bomb stops early.</summary>
internal sealed class BoundedReadStream(Stream inner, long limit, string field) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read > limit
            ? throw new InvalidRepositoryException(field, $"The archive expands to more than {limit} bytes.")
            : read;
    }
}
