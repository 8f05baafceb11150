using System.Globalization;
using Agents.Testing;
using Agents.Workflows;

namespace Agents.Benchmarks;

/// <summary>Five activities in parallel, then five in a chain.</summary>
internal sealed class WorkflowsBenchmarkWorkflow : Workflow<int, long>
{
    public override async Task<long> RunAsync(WorkflowContext context, int input)
    {
        var fanned = await Task.WhenAll(Enumerable.Range(0, 5).Select(k => context.CallActivityAsync<long>(nameof(WorkflowsBenchmarkActivity), input + k)));
        var value = fanned.Sum();
        for (var k = 0; k < 5; k++)
        {
            value = await context.CallActivityAsync<long>(nameof(WorkflowsBenchmarkActivity), (int)(value % 100_000));
        }
        return value;
    }
}

/// <summary>A small, CPU-only step, so the figure measures the engine rather than the work.</summary>
internal sealed class WorkflowsBenchmarkActivity : WorkflowActivity<int, long>
{
    public override Task<long> RunAsync(WorkflowActivityContext context, int input)
    {
        var h = 1469598103934665603L;
        for (var i = 0; i < 16; i++)
        {
            h = (h ^ (input + i)) * 1099511628211L;
        }
        return Task.FromResult(h & 0xFFFFFF);
    }
}

/// <summary>Where one benchmark case keeps its journal; removed afterwards.</summary>
internal sealed class WorkflowsBenchmarkJournal : IAsyncDisposable
{
    private readonly string _kind;
    private readonly string _location;
    private readonly PostgresFixture? _postgres;

    private WorkflowsBenchmarkJournal(string kind, string location, PostgresFixture? postgres)
    {
        _kind = kind;
        _location = location;
        _postgres = postgres;
    }

    public static async Task<WorkflowsBenchmarkJournal> CreateAsync(string kind)
    {
        switch (kind)
        {
            case "file":
                return new(kind, Directory.CreateTempSubdirectory("agents-wf-bench-").FullName, null);
            case "postgres":
                var postgres = new PostgresFixture();
                await postgres.InitializeAsync();
                return new(kind, await postgres.CreateDatabaseAsync("wfbench"), postgres);
            default:
                return new(kind, "", null);
        }
    }

    public void Configure(WorkflowRuntimeOptions options)
    {
        switch (_kind)
        {
            case "file":
                // Each case starts a fresh journal, so the warm-up run's history does not slow the measured one's start.
                options.UseFileJournal(Path.Combine(_location, Guid.NewGuid().ToString("N")));
                break;
            case "postgres":
                options.UsePostgresJournal(_location, "wf_" + Guid.NewGuid().ToString("N")[..8]);
                break;
            default:
                options.UseInMemoryJournal();
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        if (_kind == "file")
        {
            Directory.Delete(_location, recursive: true);
        }
    }
}

internal static class WorkflowsBenchmarkOptions
{
    public static int Int(IReadOnlyList<string> arguments, string name, int fallback) =>
        Text(arguments, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static string? Text(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == name)
            {
                return arguments[i + 1];
            }
        }
        return null;
    }
}
