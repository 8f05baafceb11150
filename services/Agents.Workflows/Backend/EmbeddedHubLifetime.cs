using Microsoft.Extensions.Hosting;

namespace Agents.Workflows.Backend;

/// <summary>
/// The embedded backend's host lifetime: none of its own. The default one listens for SIGTERM and Ctrl+C and would
/// stop the backend on its own, under the workers of the host that embeds it; that host stops it instead, after them.
/// </summary>
internal sealed class EmbeddedHubLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
