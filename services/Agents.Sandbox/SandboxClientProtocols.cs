namespace Agents.Sandbox;

/// <summary>The values of <c>SandboxClient:Protocol</c>.</summary>
public static class SandboxClientProtocols
{
    public const string Grpc = "grpc";

    public const string Http = "http";
}
