using System.Buffers.Binary;

namespace Agents.Workflows.Backend;

/// <summary>
/// The file journal's record framing: a 4-byte length, a 4-byte FNV-1a checksum, then the payload.
/// A SIGKILL or power loss can leave a half-written last record; the checksum tells it from a whole one,
/// so start-up drops exactly that tail instead of failing.
/// </summary>
internal static class FileFrames
{
    public const int HeaderSize = 8;

    public static void WriteFrame(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Checksum(payload));
        stream.Write(header);
        stream.Write(payload);
    }

    /// <summary>Reads whole frames; returns the offset just past the last valid one.</summary>
    public static long ReadFrames(Stream stream, Action<ReadOnlyMemory<byte>> onFrame)
    {
        var header = new byte[HeaderSize];
        long valid = 0;
        while (true)
        {
            if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                return valid;
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length < 0 || length > stream.Length - stream.Position)
            {
                return valid;
            }
            var payload = new byte[length];
            if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length || Checksum(payload) != checksum)
            {
                return valid;
            }
            onFrame(payload);
            valid = stream.Position;
        }
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
