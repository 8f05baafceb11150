using Microsoft.Extensions.Logging;

namespace Agents.Llm.Routing;

internal static partial class RouterLog
{
    [LoggerMessage(1, LogLevel.Warning, "LLM provider {Provider} failed for role {Role} ({Kind}); trying the next provider. {Reason}")]
    public static partial void FellBack(ILogger logger, string provider, LlmRole role, string kind, string reason);
}
