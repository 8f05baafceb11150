using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Llm.Tests.Structured;

public sealed record TestPlan(string Summary, IReadOnlyList<string> Files, int Steps);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(TestPlan))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
