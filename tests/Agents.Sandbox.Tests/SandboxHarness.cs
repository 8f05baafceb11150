using Agents.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agents.Sandbox.Tests;

/// <summary>
/// The in-process verifier as the pipeline gets it (<c>AddAgentsSandbox</c>), with its own work root and its own
/// range of sandbox uids, so harnesses running in parallel never share a process budget or a folder.
/// </summary>
internal sealed class SandboxHarness : IDisposable
{
    private static int s_instances;
    private readonly IHost _host;

    private SandboxHarness(IHost host, string workRoot, int uidBase)
    {
        _host = host;
        WorkRoot = workRoot;
        UidBase = uidBase;
        Verifier = host.Services.GetRequiredService<IVerificationService>();
    }

    public IVerificationService Verifier { get; }

    public string WorkRoot { get; }

    public int UidBase { get; }

    public static SandboxHarness Create(Action<SandboxOptions>? configure = null)
    {
        var instance = Interlocked.Increment(ref s_instances);
        var workRoot = Path.Combine(Path.GetTempPath(), "agents-sandbox-tests", Guid.NewGuid().ToString("N"));
        var uidBase = 62000 + instance * 64;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddAgentsSandbox();
        builder.Services.Configure<SandboxOptions>(o =>
        {
            o.WorkRoot = workRoot;
            o.SandboxUidBase = uidBase;
            configure?.Invoke(o);
        });
        return new SandboxHarness(builder.Build(), workRoot, uidBase);
    }

    public Task<VerificationResult> VerifyAsync(VerificationRequest request) =>
        Verifier.VerifyAsync(request, TestContext.Current.CancellationToken);

    /// <summary>Workspaces left behind (there should be none once verifications have returned).</summary>
    public IReadOnlyList<string> LeftoverWorkspaces() =>
        Directory.Exists(WorkRoot)
            ? [.. Directory.GetDirectories(WorkRoot, "u*").SelectMany(Directory.GetDirectories).Where(d => Path.GetFileName(d) != "etc")]
            : [];

    public void Dispose()
    {
        _host.Dispose();
        if (Directory.Exists(WorkRoot))
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
    }
}
