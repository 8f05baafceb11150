using Dapr.DurableTask.Protobuf;
using Google.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>
/// A client's change to an instance another process owns, left in the shared store: the SDK's own request
/// (raise, terminate, suspend or resume) as protobuf bytes. <see cref="Sequence"/> is the store's, once stored.
/// </summary>
internal sealed record TaskHubMessage(long Sequence, string InstanceId, IMessage Request)
{
    private const byte Raise = 1;
    private const byte Terminate = 2;
    private const byte Suspend = 3;
    private const byte Resume = 4;

    public byte[] ToBytes() =>
    [
        Request switch
        {
            RaiseEventRequest => Raise,
            TerminateRequest => Terminate,
            SuspendRequest => Suspend,
            ResumeRequest => Resume,
            _ => throw new ArgumentException($"{Request.Descriptor.Name} is not a message the backend forwards.", nameof(Request)),
        },
        .. Request.ToByteArray(),
    ];

    public static TaskHubMessage FromBytes(long sequence, string instanceId, byte[] bytes)
    {
        var body = bytes.AsSpan(1);
        IMessage request = bytes[0] switch
        {
            Raise => RaiseEventRequest.Parser.ParseFrom(body),
            Terminate => TerminateRequest.Parser.ParseFrom(body),
            Suspend => SuspendRequest.Parser.ParseFrom(body),
            Resume => ResumeRequest.Parser.ParseFrom(body),
            _ => throw new InvalidDataException($"Message {sequence} for '{instanceId}' has an unknown kind {bytes[0]}."),
        };
        return new TaskHubMessage(sequence, instanceId, request);
    }
}
