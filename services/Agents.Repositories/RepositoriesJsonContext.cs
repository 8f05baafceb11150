using System.Text.Json;
using System.Text.Json.Serialization;
using Agents.Repositories.Editing;

namespace Agents.Repositories;

/// <summary>The workspace's durable output and the edit tool's argument, with the same web defaults as the contracts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkspaceState))]
[JsonSerializable(typeof(AppliedEdit))]
[JsonSerializable(typeof(EditBlock[]))]
public sealed partial class RepositoriesJsonContext : JsonSerializerContext;
