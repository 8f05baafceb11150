namespace Agents.Testing;

/// <summary>
/// One of our ASP.NET Core services started as a real process on a loopback port it picks itself
/// (<c>--urls http://127.0.0.1:0</c>); the address is read from Kestrel's "Now listening on" line.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "Now listening on: ";

    private ServiceProcess(ChildProcess process, Uri address)
    {
        Process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ChildProcess Process { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public static async Task<ServiceProcess> StartAsync(string projectName, IReadOnlyDictionary<string, string?>? environment = null, IEnumerable<string>? arguments = null, TimeSpan? startTimeout = null)
    {
        var process = ChildProcess.StartDotnet(TestPaths.ProjectOutput(projectName), ["--urls", "http://127.0.0.1:0", .. arguments ?? []], environment);
        try
        {
            var exited = WaitForExitOrNeverAsync(process);
            var listening = process.WaitForLineAsync(l => l.Contains(ListeningPrefix, StringComparison.Ordinal), startTimeout ?? TimeSpan.FromSeconds(60));
            if (await Task.WhenAny(listening, exited) != listening)
            {
                throw new InvalidOperationException($"{projectName} exited before listening. Output:\n{process.Output}");
            }
            var line = await listening;
            var url = line[(line.IndexOf(ListeningPrefix, StringComparison.Ordinal) + ListeningPrefix.Length)..].Trim();
            return new ServiceProcess(process, new Uri(url));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }

    private static async Task WaitForExitOrNeverAsync(ChildProcess process)
    {
        await process.WaitForExitAsync(Timeout.InfiniteTimeSpan);
    }
}
