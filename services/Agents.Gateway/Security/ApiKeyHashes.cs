using System.Security.Cryptography;
using System.Text;

namespace Agents.Gateway.Security;

/// <summary>
/// Checks a presented key against the configured hashes. Only hashes are stored, so a leaked configuration does not
/// leak keys; comparing fixed-length hashes in constant time leaks nothing through timing.
/// </summary>
internal sealed class ApiKeyHashes
{
    private readonly byte[][] _hashes;

    public ApiKeyHashes(GatewayOptions options) =>
        _hashes = [.. options.ApiKeys.Select(k => TryParse(k.Sha256, out var hash) ? hash : null).OfType<byte[]>()];

    public bool Required => _hashes.Length > 0;

    public bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var match = false;
        foreach (var hash in _hashes)
        {
            // No early exit: every configured hash is compared whatever matched.
            match |= CryptographicOperations.FixedTimeEquals(presented, hash);
        }
        return match;
    }

    public static bool TryParse(string? hex, out byte[] hash)
    {
        hash = [];
        var trimmed = hex?.Trim() ?? "";
        if (trimmed.Length != 64)
        {
            return false;
        }
        try
        {
            hash = Convert.FromHexString(trimmed);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
