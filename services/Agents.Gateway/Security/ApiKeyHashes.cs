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
    private readonly string[] _names;

    public ApiKeyHashes(GatewayOptions options)
    {
        // Start-up validation refuses malformed hashes, so positions here are positions in Gateway:ApiKeys.
        var keys = options.ApiKeys
            .Select((k, i) => (Hash: TryParse(k.Sha256, out var hash) ? hash : null, Name: string.IsNullOrWhiteSpace(k.Name) ? $"#{i}" : k.Name.Trim()))
            .Where(k => k.Hash is not null)
            .ToList();
        _hashes = [.. keys.Select(k => k.Hash!)];
        _names = [.. keys.Select(k => k.Name)];
    }

    public bool Required => _hashes.Length > 0;

    /// <summary>The configured key <paramref name="key"/> is, or null.</summary>
    public AuthenticatedApiKey? Match(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var match = -1;
        for (var i = 0; i < _hashes.Length; i++)
        {
            // No early exit: every configured hash is compared whatever matched.
            var equal = CryptographicOperations.FixedTimeEquals(presented, _hashes[i]);
            match = equal && match < 0 ? i : match;
        }
        return match < 0 ? null : new AuthenticatedApiKey(match, _names[match]);
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
