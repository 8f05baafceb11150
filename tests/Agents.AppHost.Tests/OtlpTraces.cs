using Google.Protobuf;

namespace Agents.AppHost.Tests;

/// <summary>
/// Reads the fields of an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) that the tests
/// look at, straight from the protobuf wire format: ResourceSpans(1) → Resource(1) attributes(1) and ScopeSpans(2) →
/// Span(2) name(5) attributes(9); KeyValue key(1) value(2); AnyValue string_value(1). Other fields are skipped.
/// </summary>
internal static class OtlpTraces
{
    public static IReadOnlyList<ReceivedSpan> Decode(byte[] request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            var resource = Fields(resourceSpans, 1).Select(r => Attributes(r, 1)).FirstOrDefault() ?? new Dictionary<string, string>();
            var service = resource.GetValueOrDefault("service.name", "");
            foreach (var span in Fields(resourceSpans, 2).SelectMany(scope => Fields(scope, 2)))
            {
                var name = Fields(span, 5).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";
                spans.Add(new ReceivedSpan(service, name, Attributes(span, 9)));
            }
        }
        return spans;
    }

    // The string-valued KeyValue attributes in field `number` of a message (Resource and Span both list them).
    private static Dictionary<string, string> Attributes(byte[] message, int number)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message, number))
        {
            var key = Fields(keyValue, 1).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault();
            var value = Fields(keyValue, 2).SelectMany(any => Fields(any, 1)).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault();
            if (key is not null && value is not null)
            {
                attributes[key] = value;
            }
        }
        return attributes;
    }

    // The length-delimited occurrences of field `number` in a message.
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }
}
