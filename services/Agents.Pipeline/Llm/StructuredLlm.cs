using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agents.Contracts;
using Agents.Llm;
using Agents.Llm.Structured;
using Microsoft.Extensions.AI;

namespace Agents.Pipeline.Llm;

/// <summary>
/// One structured LLM call of a step. Metered under a key of its own (run, step, attempt), so the usage stored with
/// the step's artifact is exactly this call's, whatever else runs at the same time.
/// </summary>
internal sealed class StructuredLlm(ILlmClients clients)
{
    public async Task<(T Value, UsageTotals Usage)> AskAsync<T>(
        LlmRole role, string meterKey, IList<ChatMessage> messages, string schemaName, JsonTypeInfo<T> typeInfo, JsonElement schema, Func<T, string?> validate)
    {
        var client = clients.ForRole(role, meterKey);
        try
        {
            var result = await client.GetStructuredResultAsync(messages, schemaName, typeInfo, PipelineLimits.StructuredAttempts, schema, validate).ConfigureAwait(false);
            var usage = clients.Usage.ForRun(meterKey).Total;
            return (result.Value, new UsageTotals(usage.Requests, usage.InputTokens, usage.OutputTokens, usage.CostUsd));
        }
        finally
        {
            clients.Usage.ForgetRun(meterKey);
        }
    }

    public static string RoleName(LlmRole role) => JsonNamingPolicy.CamelCase.ConvertName(role.ToString());
}
