using System.Xml;
using System.Xml.Linq;

namespace Agents.Sandbox.Reports;

/// <summary>Parses XML written inside the sandbox: untrusted, so no DTDs (no entity expansion, no external entities).</summary>
internal static class SafeXml
{
    public static XDocument? TryParse(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 50_000_000 };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    public static string Excerpt(string? text, int max = 2000)
    {
        var trimmed = (text ?? "").Trim();
        return trimmed.Length <= max ? trimmed : trimmed[..max] + "…";
    }
}
