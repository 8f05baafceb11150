using System.Text.Json;
using Agents.Workflows.Engine;
using Agents.Workflows.Journal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agents.Workflows;

/// <summary>
/// Registrations and settings of the embedded workflow runtime. Registration mirrors
/// <c>Dapr.Workflow.WorkflowRuntimeOptions</c> (default name = the type's name); a journal must be chosen.
/// </summary>
public sealed class WorkflowRuntimeOptions
{
    internal WorkflowRegistry Registry { get; } = new();

    internal Func<IServiceProvider, IWorkflowJournal>? JournalFactory { get; private set; }

    /// <summary>The chosen journal: "memory", "file" or "postgres" (null until chosen).</summary>
    public string? JournalKind { get; private set; }

    /// <summary>Workflow turns run at once (instances advanced per batch). Default 256.</summary>
    public int MaxConcurrentWorkflows { get; set; } = 256;

    /// <summary>Activities running at once in this process. Default 100.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Largest serialized payload (input, output, activity input/result, event, custom status). Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Payload serialization; web defaults like Dapr. Chain a source-generated context through its TypeInfoResolver.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>How long a PostgreSQL lease lasts without renewal before another process may take the work over. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a shared (PostgreSQL) journal is polled for work and state changes made by other processes. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Registers a workflow class (parameterless constructor) under <paramref name="name"/> or its type name.</summary>
    public void RegisterWorkflow<TWorkflow>(string? name = null) where TWorkflow : class, new()
    {
        if (!typeof(IWorkflow).IsAssignableFrom(typeof(TWorkflow)))
        {
            throw new ArgumentException($"{typeof(TWorkflow).Name} does not derive from Workflow<TInput, TOutput>.", nameof(TWorkflow));
        }
        Registry.AddWorkflow(name ?? typeof(TWorkflow).Name, () => (IWorkflow)new TWorkflow());
    }

    /// <summary>Registers a workflow given as a function.</summary>
    public void RegisterWorkflow<TInput, TOutput>(string name, Func<WorkflowContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        Registry.AddWorkflow(name, () => new FunctionWorkflow<TInput, TOutput>(implementation));
    }

    /// <summary>Registers an activity class (created per call with ActivatorUtilities) under <paramref name="name"/> or its type name.</summary>
    public void RegisterActivity<TActivity>(string? name = null) where TActivity : class
    {
        if (!typeof(IWorkflowActivity).IsAssignableFrom(typeof(TActivity)))
        {
            throw new ArgumentException($"{typeof(TActivity).Name} does not derive from WorkflowActivity<TInput, TOutput>.", nameof(TActivity));
        }
        var create = ActivatorUtilities.CreateFactory<TActivity>(Type.EmptyTypes);
        Registry.AddActivity(name ?? typeof(TActivity).Name, services => (IWorkflowActivity)create(services, null));
    }

    /// <summary>Registers an activity given as a function.</summary>
    public void RegisterActivity<TInput, TOutput>(string name, Func<WorkflowActivityContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        Registry.AddActivity(name, _ => new FunctionActivity<TInput, TOutput>(implementation));
    }

    /// <summary>Keeps everything in memory: lost when the process ends (tests, benchmarks).</summary>
    public void UseInMemoryJournal() => Use("memory", _ => new InMemoryWorkflowJournal());

    /// <summary>
    /// An append-only, fsynced journal file in <paramref name="directory"/> (the embedded default; one process).
    /// On start, a log larger than <paramref name="compactAboveBytes"/> is rewritten as a snapshot of its state.
    /// </summary>
    public void UseFileJournal(string directory, long compactAboveBytes = 64L * 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(compactAboveBytes);
        Use("file", _ => new FileWorkflowJournal(Path.GetFullPath(directory), compactAboveBytes));
    }

    /// <summary>
    /// PostgreSQL tables in <paramref name="schema"/>, created when missing; several processes may share them. The journal
    /// opens its own data source on <paramref name="connectionString"/> (with <see cref="PostgresJournalSettings"/>).
    /// </summary>
    public void UsePostgresJournal(string connectionString, string schema = "workflows")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        PostgresJournalSettings.Apply(settings);
        Use("postgres", services => new PostgresWorkflowJournal(
            NpgsqlDataSource.Create(settings), ownsDataSource: true, schema, this, TimeProviderOf(services)));
    }

    /// <summary>
    /// PostgreSQL tables in <paramref name="schema"/> through the data source <paramref name="dataSource"/> returns (a
    /// host's shared one, e.g. from its container), which the journal does not dispose. Configure that data source with
    /// <see cref="PostgresJournalSettings.Apply"/>.
    /// </summary>
    public void UsePostgresJournal(Func<IServiceProvider, NpgsqlDataSource> dataSource, string schema = "workflows")
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        Use("postgres", services => new PostgresWorkflowJournal(
            dataSource(services), ownsDataSource: false, schema, this, TimeProviderOf(services)));
    }

    internal void Validate()
    {
        if (JournalFactory is null)
        {
            throw new InvalidOperationException("No workflow journal is configured: call UseFileJournal(directory), UsePostgresJournal(connectionString) or UseInMemoryJournal() in AddAgentsWorkflows.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentWorkflows, 1, nameof(MaxConcurrentWorkflows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1, nameof(MaxConcurrentActivities));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPayloadBytes, 1, nameof(MaxPayloadBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LeaseDuration, TimeSpan.Zero, nameof(LeaseDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentNullException.ThrowIfNull(JsonSerializerOptions, nameof(JsonSerializerOptions));
    }

    private static TimeProvider TimeProviderOf(IServiceProvider services) =>
        (TimeProvider?)services.GetService(typeof(TimeProvider)) ?? TimeProvider.System;

    private void Use(string kind, Func<IServiceProvider, IWorkflowJournal> factory)
    {
        JournalKind = kind;
        JournalFactory = factory;
    }
}
