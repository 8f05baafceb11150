using System.Formats.Tar;
using System.IO.Compression;

namespace Agents.Repositories;

/// <summary>
/// A base64 <c>.tar.gz</c> or <c>.zip</c>, read entry by entry without touching the disk. Links are never followed:
/// one that points out of the repository is refused, one inside is left out; devices and fifos are refused.
/// </summary>
internal static class ArchiveReader
{
    public const string Field = "repository.archive";

    public static void Read(string base64, RepositoryOptions options, SnapshotBuilder snapshot)
    {
        // Base64 is 4/3 of the bytes; anything longer cannot decode within the limit.
        if (base64.Length > (options.MaxArchiveBytes + 2) / 3 * 4 + 4)
        {
            throw new InvalidRepositoryException(Field, $"The archive is larger than {options.MaxArchiveBytes} bytes ({RepositoryOptions.SectionName}:MaxArchiveBytes).");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidRepositoryException(Field, "The archive is not valid base64.");
        }
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            if (bytes is [0x1f, 0x8b, ..])
            {
                ReadTarGz(stream, options, snapshot);
            }
            else if (bytes is [(byte)'P', (byte)'K', 3, 4, ..] or [(byte)'P', (byte)'K', 5, 6, ..])
            {
                ReadZip(stream, snapshot);
            }
            else
            {
                throw new InvalidRepositoryException(Field, "The archive is neither a .tar.gz nor a .zip.");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidRepositoryException(Field, $"The archive is corrupt: {ex.Message}");
        }
    }

    private static void ReadTarGz(Stream stream, RepositoryOptions options, SnapshotBuilder snapshot)
    {
        // Bounds what decompression may produce in all, skipped entries and tar headers included (hence the extra MiB):
        // a small archive can expand enormously.
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var bounded = new BoundedReadStream(gzip, checked((options.MaxTotalBytes * 4) + (1024 * 1024)), Field);
        using var tar = new TarReader(bounded);
        while (tar.GetNextEntry() is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    snapshot.AddFile(entry.Name, entry.Length, () => entry.DataStream ?? Stream.Null);
                    break;
                case TarEntryType.Directory:
                    snapshot.Normalize(entry.Name);
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    Link(snapshot, entry.Name, entry.LinkName, hard: entry.EntryType == TarEntryType.HardLink);
                    break;
                case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                    break;
                default:
                    throw snapshot.Invalid(entry.Name, $"is a {entry.EntryType} entry, which a repository cannot hold");
            }
        }
    }

    private static void ReadZip(Stream stream, SnapshotBuilder snapshot)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                snapshot.Normalize(entry.FullName);
                continue;
            }
            // Zips made on Unix keep the file mode in the high 16 bits; S_IFLNK marks a link, whose content is its target.
            const int typeMask = 0xF000, symbolicLink = 0xA000;
            if (((entry.ExternalAttributes >> 16) & typeMask) == symbolicLink)
            {
                using var reader = new StreamReader(entry.Open());
                Link(snapshot, entry.FullName, reader.ReadToEnd(), hard: false);
                continue;
            }
            snapshot.AddFile(entry.FullName, entry.Length, entry.Open);
        }
    }

    private static void Link(SnapshotBuilder snapshot, string name, string target, bool hard)
    {
        var path = snapshot.Normalize(name);
        // A hard link's target is a path in the archive; a symbolic one is relative to the link's folder.
        var folder = hard ? "" : path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
        if (!StaysInside(folder, target))
        {
            throw snapshot.Invalid(name, $"is a link to '{target}', outside the repository");
        }
        snapshot.Skip(path, "a link");
    }

    private static bool StaysInside(string folder, string target)
    {
        if (target.StartsWith('/') || target.Contains('\\', StringComparison.Ordinal) || (target.Length > 1 && target[1] == ':'))
        {
            return false;
        }
        var depth = folder.Length == 0 ? 0 : folder.Split('/').Length;
        foreach (var segment in target.Split('/'))
        {
            depth += segment switch { ".." => -1, "" or "." => 0, _ => 1 };
            if (depth < 0)
            {
                return false;
            }
        }
        return true;
    }
}
