using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Agents.Repositories.Tests;

/// <summary>Builds real archives in memory, entries exactly as given (including the hostile ones).</summary>
internal static class Archives
{
    public sealed record Entry(string Name, byte[]? Content = null, string? LinkTarget = null, bool Hard = false)
    {
        public static Entry Text(string name, string content) => new(name, Encoding.UTF8.GetBytes(content));
    }

    public static string TarGz(params Entry[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var type = entry.LinkTarget is null ? TarEntryType.RegularFile : entry.Hard ? TarEntryType.HardLink : TarEntryType.SymbolicLink;
                var tarEntry = new PaxTarEntry(type, entry.Name);
                if (entry.LinkTarget is not null)
                {
                    tarEntry.LinkName = entry.LinkTarget;
                }
                else
                {
                    tarEntry.DataStream = new MemoryStream(entry.Content ?? []);
                }
                tar.WriteEntry(tarEntry);
            }
        }
        return Convert.ToBase64String(output.ToArray());
    }

    public static string Zip(params Entry[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var zipEntry = zip.CreateEntry(entry.Name);
                if (entry.LinkTarget is not null)
                {
                    // S_IFLNK | 0777 in the high 16 bits, as Info-ZIP writes a link; the content is the target.
                    zipEntry.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
                }
                using var stream = zipEntry.Open();
                stream.Write(entry.LinkTarget is null ? entry.Content ?? [] : Encoding.UTF8.GetBytes(entry.LinkTarget));
            }
        }
        return Convert.ToBase64String(output.ToArray());
    }
}
