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
[JsonSerializable(typeof(PipelineRequest))]
[JsonSerializable(typeof(RepositorySource))]
[JsonSerializable(typeof(PipelineAccepted))]
[JsonSerializable(typeof(ApprovalDecision))]
[JsonSerializable(typeof(TerminateRequest))]
[JsonSerializable(typeof(PipelineInput))]
[JsonSerializable(typeof(PipelinePlan))]
[JsonSerializable(typeof(TestDesign))]
[JsonSerializable(typeof(CodeDraft))]
[JsonSerializable(typeof(RepairDraft))]
[JsonSerializable(typeof(PipelineSnapshot))]
[JsonSerializable(typeof(PipelineRun))]
[JsonSerializable(typeof(PipelineRunPage))]
[JsonSerializable(typeof(PipelineEvent))]
[JsonSerializable(typeof(List<SourceFile>))]
public sealed partial class AgentsJsonContext : JsonSerializerContext;
