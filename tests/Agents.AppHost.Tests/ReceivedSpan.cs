namespace Agents.AppHost.Tests;

/// <summary>One span as an OTLP exporter sent it: the exporting service, the span's name and its string attributes.</summary>
public sealed record ReceivedSpan(string ServiceName, string Name, IReadOnlyDictionary<string, string> Attributes);
