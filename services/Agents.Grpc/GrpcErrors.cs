using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Agents.Grpc;

/// <summary>gRPC errors with google.rpc details, so a client reads the bad field as the HTTP problem details name it.</summary>
public static class GrpcErrors
{
    /// <summary>INVALID_ARGUMENT with one BadRequest field violation per field and message.</summary>
    public static RpcException InvalidArgument(string message, IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var badRequest = new BadRequest();
        foreach (var (field, descriptions) in errors)
        {
            badRequest.FieldViolations.AddRange(descriptions.Select(d => new BadRequest.Types.FieldViolation { Field = field, Description = d }));
        }
        var details = string.Join(" ", errors.SelectMany(e => e.Value));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = string.IsNullOrEmpty(details) ? message : $"{message} {details}",
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    /// <summary>INVALID_ARGUMENT naming one field.</summary>
    public static RpcException InvalidArgument(string message, string field, string description) =>
        InvalidArgument(message, new Dictionary<string, string[]> { [field] = [description] });

    public static RpcException Status(StatusCode code, string message) => new(new global::Grpc.Core.Status(code, message));
}
