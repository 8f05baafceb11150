using Microsoft.AspNetCore.Http;

namespace Agents.Pipeline.Apis;

/// <summary>
/// 503 for every pipeline endpoint while this process cannot serve runs (the data folder is held by another process,
/// the journal did not open), saying why; the rest of the host keeps working.
/// </summary>
internal sealed class PipelinesAvailableFilter(IPipelineRunStatus runs) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return WorkflowApi.Unavailable(runs) is { } unavailable ? unavailable : await next(context);
    }
}
