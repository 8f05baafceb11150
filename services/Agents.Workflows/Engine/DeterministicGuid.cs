using System.Security.Cryptography;
using System.Text;

namespace Agents.Workflows.Engine;

/// <summary>Name-based GUIDs: the same inputs give the same GUID on every replay.</summary>
internal static class DeterministicGuid
{
    public static Guid Create(string instanceId, string executionId, int counter)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId}\n{executionId}\n{counter}"), hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 (name-based) in the little-endian Guid layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
