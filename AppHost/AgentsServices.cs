namespace Agents.Deployment;

/// <summary>The three service resources, as the wiring steps after their creation need them.</summary>
internal sealed record AgentsServices(
    IResourceBuilder<ProjectResource> Gateway,
    IResourceBuilder<ProjectResource> Orchestrator,
    IResourceBuilder<ProjectResource> Sandbox);
