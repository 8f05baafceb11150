using System.Globalization;
using Agents.Contracts;
using Agents.Pipeline.Events;

namespace Agents.Pipeline.Activities;

/// <summary>Publishes step events with ids fixed by run, step and attempt, so an activity that runs twice publishes each once.</summary>
internal sealed class StepEvents(IPipelineEventPublisher publisher, TimeProvider time)
{
    public Task StartedAsync(string runId, string step, int attempt) =>
        publisher.PublishAsync(new StepStartedEvent(Id(runId, step, attempt, "started"), runId, time.GetUtcNow(), step, attempt), CancellationToken.None);

    public Task CompletedAsync(string runId, string step, int attempt, string summary, string? key) =>
        publisher.PublishAsync(new StepCompletedEvent(Id(runId, step, attempt, "completed"), runId, time.GetUtcNow(), step, attempt, summary, key), CancellationToken.None);

    public Task PublishAsync(PipelineEvent pipelineEvent) => publisher.PublishAsync(pipelineEvent, CancellationToken.None);

    public DateTimeOffset Now => time.GetUtcNow();

    public static string Id(string runId, string step, int attempt, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}:{step}:{attempt}:{what}");
}
