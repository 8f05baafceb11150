namespace Agents.Workflows;

/// <summary>Helpers over <see cref="WorkflowContext"/>. Mirrors Dapr's <c>ProcessInParallelAsync</c>.</summary>
public static class WorkflowContextExtensions
{
    /// <summary>
    /// Runs <paramref name="taskFactory"/> for every input with at most <paramref name="maxConcurrency"/> in flight;
    /// results are in input order. Deterministic: the next task starts when one finishes, and replay delivers the
    /// finishes in the recorded order.
    /// </summary>
    public static async Task<TResult[]> ProcessInParallelAsync<TInput, TResult>(
        this WorkflowContext context, IEnumerable<TInput> inputs, Func<TInput, Task<TResult>> taskFactory, int maxConcurrency = 5)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(taskFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var items = inputs.ToList();
        var results = new TResult[items.Count];
        var running = new Dictionary<Task<TResult>, int>();
        var next = 0;
        while (next < items.Count || running.Count > 0)
        {
            while (next < items.Count && running.Count < maxConcurrency)
            {
                running[taskFactory(items[next])] = next;
                next++;
            }
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(true);
            results[running[done]] = await done.ConfigureAwait(true);
            running.Remove(done);
        }
        return results;
    }
}
