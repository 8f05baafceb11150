using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Cli;

/// <summary>Types the CLI reads or prints beyond the shared contracts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CommandOutcome))]
[JsonSerializable(typeof(RunOutcome))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
