using Dapr.DurableTask.Protobuf;
using Google.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>
/// The durable store's record format. An upsert carries the instance's metadata, the history events appended
/// since the last record (or all of them, after ContinueAsNew) and the pending events; a delete, the id.
/// History events are the SDK's own protobuf bytes, so what is replayed to a worker is exactly what it sent.
/// </summary>
internal static class TaskHubRecords
{
    private const byte Upsert = 1;
    private const byte Delete = 2;

    public static byte[] ForUpsert(TaskHubInstance instance, bool resetHistory, int historyFrom)
    {
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        w.Write(Upsert);
        w.Write(instance.InstanceId);
        w.Write(instance.Name);
        Text(w, instance.Version);
        w.Write(instance.Sequence);
        w.Write(instance.CreatedAt.UtcTicks);
        w.Write(instance.ExecutionId);
        w.Write((int)instance.Status);
        Text(w, instance.Input);
        Text(w, instance.Output);
        Text(w, instance.CustomStatus);
        Message(w, instance.Failure);
        w.Write(instance.LastUpdatedAt.UtcTicks);
        Time(w, instance.StartedAt);
        Time(w, instance.CompletedAt);
        Time(w, instance.ScheduledStartAt);
        Message(w, instance.Parent);
        w.Write(instance.Tags.Count);
        foreach (var (key, value) in instance.Tags)
        {
            w.Write(key);
            w.Write(value);
        }
        w.Write(instance.Children.Count);
        foreach (var child in instance.Children)
        {
            w.Write(child);
        }
        w.Write(resetHistory);
        Events(w, instance.History.Skip(resetHistory ? 0 : historyFrom).ToList());
        Events(w, instance.PendingEvents());
        w.Flush();
        return buffer.ToArray();
    }

    public static byte[] ForDelete(string instanceId)
    {
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        w.Write(Delete);
        w.Write(instanceId);
        w.Flush();
        return buffer.ToArray();
    }

    /// <summary>Applies one record to the instances read so far.</summary>
    public static void Apply(ReadOnlyMemory<byte> record, Dictionary<string, StoredInstance> instances)
    {
        using var r = new BinaryReader(new MemoryStream(record.ToArray()));
        var kind = r.ReadByte();
        var id = r.ReadString();
        if (kind == Delete)
        {
            instances.Remove(id);
            return;
        }
        var name = r.ReadString();
        var version = Text(r);
        var sequence = r.ReadInt64();
        var created = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        var executionId = r.ReadString();
        if (!instances.TryGetValue(id, out var stored))
        {
            stored = new StoredInstance { InstanceId = id, Name = name, ExecutionId = executionId };
            instances[id] = stored;
        }
        stored.Name = name;
        stored.Version = version;
        stored.Sequence = sequence;
        stored.CreatedAt = created;
        stored.ExecutionId = executionId;
        stored.Status = (OrchestrationStatus)r.ReadInt32();
        stored.Input = Text(r);
        stored.Output = Text(r);
        stored.CustomStatus = Text(r);
        stored.Failure = Message(r, TaskFailureDetails.Parser);
        stored.LastUpdatedAt = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        stored.StartedAt = Time(r);
        stored.CompletedAt = Time(r);
        stored.ScheduledStartAt = Time(r);
        stored.Parent = Message(r, ParentInstanceInfo.Parser);
        stored.Tags.Clear();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            stored.Tags[r.ReadString()] = r.ReadString();
        }
        stored.Children.Clear();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            stored.Children.Add(r.ReadString());
        }
        if (r.ReadBoolean())
        {
            stored.History.Clear();
        }
        stored.History.AddRange(Events(r));
        stored.Pending.Clear();
        stored.Pending.AddRange(Events(r));
    }

    private static void Text(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? Text(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void Time(BinaryWriter w, DateTimeOffset? value) => w.Write(value?.UtcTicks ?? -1L);

    private static DateTimeOffset? Time(BinaryReader r) => r.ReadInt64() is var ticks && ticks >= 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    private static void Message(BinaryWriter w, IMessage? message)
    {
        if (message is null)
        {
            w.Write(-1);
            return;
        }
        var bytes = message.ToByteArray();
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static T? Message<T>(BinaryReader r, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var length = r.ReadInt32();
        return length < 0 ? null : parser.ParseFrom(r.ReadBytes(length));
    }

    private static void Events(BinaryWriter w, IReadOnlyList<HistoryEvent> events)
    {
        w.Write(events.Count);
        foreach (var e in events)
        {
            Message(w, e);
        }
    }

    private static List<HistoryEvent> Events(BinaryReader r)
    {
        var events = new List<HistoryEvent>();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            events.Add(Message(r, HistoryEvent.Parser)!);
        }
        return events;
    }
}
