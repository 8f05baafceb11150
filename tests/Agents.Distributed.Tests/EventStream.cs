using System.Net.Http.Headers;
using System.Text.Json;

namespace Agents.Distributed.Tests;

/// <summary>Reads a run's Server-Sent Events from a gateway until an event matches, the stream ends, or time runs out.</summary>
internal static class EventStream
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    public static async Task<List<SseEvent>> ReadAsync(Uri gateway, string id, Func<SseEvent, bool>? until = null, long? lastEventId = null, Func<string>? diagnostics = null)
    {
        using var cts = new CancellationTokenSource(RunTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workflow/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var client = new HttpClient { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cts.Token)}");
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(stream);
        var events = new List<SseEvent>();
        string? type = null;
        string? data = null;
        long sequence = 0;
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    sequence = long.Parse(line["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else if (line.Length == 0 && type is not null && data is not null)
                {
                    var received = new SseEvent(sequence, type, JsonDocument.Parse(data).RootElement.Clone());
                    events.Add(received);
                    type = data = null;
                    if (until?.Invoke(received) == true)
                    {
                        return events;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"The run's events did not reach the expected point within {RunTimeout}; got: {string.Join(", ", events.Select(e => e.Type))}.\n{diagnostics?.Invoke()}");
        }
        return events;
    }
}

internal sealed record SseEvent(long Sequence, string Type, JsonElement Data)
{
    public string? Step => Data.TryGetProperty("step", out var step) ? step.GetString() : null;

    public string? Id => Data.GetProperty("id").GetString();

    public bool IsFinal => Type is "PipelineCompleted" or "PipelineFailed" or "PipelineTerminated";
}
