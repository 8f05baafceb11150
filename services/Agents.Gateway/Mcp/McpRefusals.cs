using Agents.Pipeline.Operations;
using ModelContextProtocol;

namespace Agents.Gateway.Mcp;

/// <summary>
/// The pipeline operations' refusals as <see cref="McpException"/>s, the one exception whose message the MCP server
/// passes to the calling model (any other becomes a generic error it cannot act on).
/// </summary>
internal static class McpRefusals
{
    public static async Task<T> Call<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (PipelineRequestRejectedException ex)
        {
            throw new McpException(ex.Message, ex);
        }
        catch (PipelinesUnavailableException ex)
        {
            throw new McpException(ex.Message, ex);
        }
    }
}
