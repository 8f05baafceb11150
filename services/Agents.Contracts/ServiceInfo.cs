namespace Agents.Contracts;

/// <summary>What a service says about itself at <c>GET /api/info</c>.</summary>
/// <param name="Service">The service name (<see cref="ServiceNames"/>).</param>
/// <param name="Version">The informational version of the running build.</param>
/// <param name="Mode"><c>embedded</c> (one process hosts every module) or <c>distributed</c>.</param>
public sealed record ServiceInfo(string Service, string Version, string Mode);
