using System.Text.Json;

namespace Agents.Pipeline.Llm;

/// <summary>
/// The JSON schemas sent as <c>response_format.json_schema</c>, by name. Written out rather than generated so they
/// are a stable, documented contract (README, "The pipeline") for cassettes and other models.
/// </summary>
public static class PipelineSchemas
{
    private const string Claim = """{"type":"object","properties":{"kind":{"type":"string","enum":["function","class","method","variable","property","file"]},"name":{"type":"string"},"file":{"type":["string","null"]}},"required":["kind","name"]}""";
    private const string File = """{"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},"required":["path","content"]}""";

    public static JsonElement Plan { get; } = Parse("""
        {"type":"object","properties":{
          "summary":{"type":"string"},
          "files":{"type":"array","items":{"type":"object","properties":{"path":{"type":"string"},"purpose":{"type":"string"}},"required":["path","purpose"]}},
          "symbols":{"type":"array","items":@CLAIM},
          "testStrategy":{"type":"string"},
          "steps":{"type":"array","items":{"type":"string"}}},
         "required":["summary","files","symbols","testStrategy","steps"]}
        """);

    public static JsonElement Tests { get; } = Parse("""
        {"type":"object","properties":{
          "files":{"type":"array","minItems":1,"items":@FILE},
          "notes":{"type":["string","null"]},
          "verdicts":{"type":["array","null"],"items":{"type":"object","properties":{"test":{"type":"string"},"corrected":{"type":"boolean"},"explanation":{"type":"string"}},"required":["test","corrected","explanation"]}}},
         "required":["files"]}
        """);

    public static JsonElement Code { get; } = Parse("""
        {"type":"object","properties":{
          "files":{"type":"array","minItems":1,"items":@FILE},
          "claims":{"type":"array","items":@CLAIM},
          "notes":{"type":["string","null"]}},
         "required":["files","claims"]}
        """);

    public static JsonElement Repair { get; } = Parse("""
        {"type":"object","properties":{
          "files":{"type":"array","minItems":1,"items":@FILE},
          "claims":{"type":"array","items":@CLAIM},
          "disputes":{"type":["array","null"],"items":{"type":"object","properties":{"test":{"type":"string"},"reason":{"type":"string"}},"required":["test","reason"]}},
          "notes":{"type":["string","null"]}},
         "required":["files","claims"]}
        """);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json.Replace("@CLAIM", Claim, StringComparison.Ordinal).Replace("@FILE", File, StringComparison.Ordinal));
        return document.RootElement.Clone();
    }
}
