using System.Text.Json;
using Agents.Dapr.State;

namespace Agents.Dapr.Tests.State;

public sealed class JsonPayloadsTests
{
    [Fact]
    public void ToSerialized_UndefinedElement_IsNullAndAnObjectKeepsItsJson()
    {
        using var document = JsonDocument.Parse("""{"a":1}""");

        Assert.Null(JsonPayloads.ToSerialized(default));
        Assert.Equal("""{"a":1}""", JsonPayloads.ToSerialized(document.RootElement));
    }

    [Fact]
    public void Parse_ThenToSerialized_RoundTripsTheJson()
    {
        var element = JsonPayloads.Parse("""{"files":["a.cs"],"n":1}""");

        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal("""{"files":["a.cs"],"n":1}""", JsonPayloads.ToSerialized(element));
    }

    [Fact]
    public void Parse_NotJson_Throws() =>
        Assert.ThrowsAny<JsonException>(() => JsonPayloads.Parse("not json"));
}
