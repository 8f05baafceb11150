using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Cli;

/// <summary>
/// The settings `agents config` writes: the gateway's URL and the NAME of the environment variable holding the key.
/// The key itself is never written to a file.
/// </summary>
internal sealed record Profile(string? Gateway = null, string? ApiKeyEnv = null)
{
    public const string DefaultGateway = "http://localhost:5080";
    public const string DefaultApiKeyEnv = "AGENTS_API_KEY";

    /// <summary><c>$AGENTS_PROFILE</c>, else <c>~/.config/agents/profile.json</c>.</summary>
    public static string PathFromEnvironment() =>
        Environment.GetEnvironmentVariable("AGENTS_PROFILE") is { Length: > 0 } path
            ? path
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "agents", "profile.json");

    public static Profile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Profile();
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ProfileJsonContext.Default.Profile) ?? new Profile();
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Usage, $"The profile {path} is not valid JSON ({ex.Message}); fix it or run 'agents config' again.");
        }
    }

    public void Save(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // Written whole then moved, so an interrupted write never leaves half a profile.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, ProfileJsonContext.Default.Profile));
        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Profile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
