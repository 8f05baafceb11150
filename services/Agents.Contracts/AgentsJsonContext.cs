using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Contracts;

/// <summary>
/// The one source-generated serializer context for every contract. Web defaults (camelCase, case-insensitive
/// reads) match what Dapr uses for workflow payloads, so a record serialises the same on both runtimes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ServiceInfo))]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatRequestMessage))]
[JsonSerializable(typeof(ChatReply))]
[JsonSerializable(typeof(ChatUsage))]
[JsonSerializable(typeof(ChatStreamDelta))]
[JsonSerializable(typeof(ChatStreamCompleted))]
[JsonSerializable(typeof(ChatStreamFailed))]
[JsonSerializable(typeof(ProviderList))]
[JsonSerializable(typeof(ProviderStatus))]
[JsonSerializable(typeof(ProviderUsage))]
[JsonSerializable(typeof(VerificationRequest))]
[JsonSerializable(typeof(VerificationResult))]
[JsonSerializable(typeof(CodeClaim))]
[JsonSerializable(typeof(VerificationCheckpoint))]
[JsonSerializable(typeof(CheckpointProof))]
[JsonSerializable(typeof(VerificationFinding))]
[JsonSerializable(typeof(TestSummary))]
[JsonSerializable(typeof(TestFailure))]
public sealed partial class AgentsJsonContext : JsonSerializerContext;
