using System.Collections.Concurrent;

namespace Agents.Workflows.Tests;

/// <summary>An activity with constructor DI, registered by type (default name = class name).</summary>
internal sealed class GreetActivity(GreetingFormat format) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input) => Task.FromResult(string.Format(System.Globalization.CultureInfo.InvariantCulture, format.Template, input));
}

internal sealed record GreetingFormat(string Template);

/// <summary>A workflow registered by type: calls <see cref="GreetActivity"/> by name.</summary>
internal sealed class GreetWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(GreetActivity), input);
}

/// <summary>Counts executions per key across hosts of one test (keys carry a per-test GUID).</summary>
internal static class Executions
{
    private static readonly ConcurrentDictionary<string, int> s_counts = new();

    public static int Record(string key) => s_counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public static int Count(string key) => s_counts.GetValueOrDefault(key);
}
