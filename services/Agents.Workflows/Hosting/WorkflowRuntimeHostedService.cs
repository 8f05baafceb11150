using Agents.Workflows.Engine;
using Microsoft.Extensions.Hosting;

namespace Agents.Workflows.Hosting;

/// <summary>Runs the engine with the host: recovery on start (every unfinished instance resumes), clean stop.</summary>
internal sealed class WorkflowRuntimeHostedService(WorkflowEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
}
