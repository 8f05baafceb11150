using System.Text.Json.Serialization;

namespace Agents.Sandbox;

/// <summary>Serialisation of the small internal payloads passed to the in-sandbox helpers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, IEnumerable<string>>))]
[JsonSerializable(typeof(PythonHarnessConfig))]
[JsonSerializable(typeof(string))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;

/// <summary>What <c>python_harness.py</c> runs: the workspace, its pytest configuration, the runner, the test files, the output cap and whether conftest files (the tests' own) are loaded, and the modules whose functions run in a process of their own.</summary>
internal sealed record PythonHarnessConfig(string Workspace, string Ini, string Runner, IReadOnlyList<string> Tests, int OutputLimit, bool Conftest,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Boundary);
