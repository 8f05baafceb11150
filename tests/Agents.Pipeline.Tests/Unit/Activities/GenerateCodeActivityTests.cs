using Agents.Contracts;
using Agents.Llm;
using Agents.Llm.Metering;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Events;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Agents.Sandbox;
using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Agents.Testing;

namespace Agents.Pipeline.Tests.Unit.Activities;

/// <summary>Idempotency: an activity that runs again (at-least-once after a crash) returns its stored answer without asking the model.</summary>
public sealed class GenerateCodeActivityTests : IDisposable
{
    private readonly string _data = TempDirectories.Create("agents-pipeline-unit-");
    private readonly CountingChatClient _model = new("""{"files":[{"path":"calc.py","content":"def add(a, b):\n    return a + b\n"}],"claims":[{"kind":"function","name":"add","file":"calc.py"}]}""");

    [Fact]
    public async Task RunAsync_Twice_AsksTheModelOnceAndPublishesEachEventOnce()
    {
        var (activity, store, events) = await CreateSutAsync();
        var input = new CodeRequest("run1", "add numbers", "python", "run1/plan-1");

        var first = await activity.RunAsync(new FakeActivityContext(), input);
        var second = await activity.RunAsync(new FakeActivityContext(), input);

        Assert.Equal(1, _model.Calls);
        Assert.Equal(first, second with { Usage = first.Usage });
        Assert.Equal(first.Usage, second.Usage);
        Assert.Equal("run1/code-1", first.Key);
        Assert.NotNull(await store.GetAsync("run1/code-1", TestContext.Current.CancellationToken));
        Assert.Equal(["StepStarted", "StepCompleted"], (await events.ReadAsync("run1", 0, TestContext.Current.CancellationToken)).Select(e => e.Event.Type));
    }

    [Fact]
    public async Task RunAsync_WhenTheModelAnswersOutsideTheSchema_ReturnsTheErrorAndStoresNothing()
    {
        _model.Answer = "{\"files\": []}";
        var (activity, store, _) = await CreateSutAsync();

        var result = await activity.RunAsync(new FakeActivityContext(), new CodeRequest("run1", "add numbers", "python", "run1/plan-1"));

        Assert.Contains("'code'", result.Error, StringComparison.Ordinal);
        Assert.Equal(PipelineLimits.StructuredAttempts, _model.Calls);
        Assert.Null(await store.GetAsync("run1/code-1", TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<(GenerateCodeActivity Activity, IArtifactStore Store, EmbeddedPipelineEvents Events)> CreateSutAsync()
    {
        var store = new FileArtifactStore(_data);
        var plan = new PipelinePlan("add", [new PlannedFile("calc.py", "add")], [new CodeClaim("function", "add", "calc.py")], "pytest", ["write it"]);
        await store.PutAsync("run1/plan-1", new LlmArtifact<PipelinePlan>(plan, "planner", UsageTotals.Zero), TestContext.Current.CancellationToken);
        var events = new EmbeddedPipelineEvents(new FilePipelineEventStore(_data), TimeProvider.System);
        var step = new LlmStep(new StructuredLlm(new FakeLlmClients(_model)), store, new StepEvents(events, TimeProvider.System));
        return (new GenerateCodeActivity(step, Options.Create(new SandboxOptions())), store, events);
    }

    private sealed class FakeActivityContext : WorkflowActivityContext
    {
        public override TaskIdentifier Identifier => new(nameof(GenerateCodeActivity));

        public override string InstanceId => "run1";

        public override string TaskExecutionKey => "run1:0:3";
    }

    private sealed class FakeLlmClients(IChatClient client) : ILlmClients
    {
        public IReadOnlyList<LlmProviderInfo> Providers => [];

        public LlmUsageLedger Usage { get; } = new();

        public IChatClient ForRole(LlmRole role, string? runId = null) => client;

        public IChatClient? ForModel(string model, LlmRole role = LlmRole.Default, string? runId = null) => client;

        public Task<bool> IsReachableAsync(string provider, CancellationToken cancellationToken = default) => Task.FromResult(true);
    }

    private sealed class CountingChatClient(string answer) : IChatClient
    {
        public string Answer { get; set; } = answer;

        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            Assert.Equal("code", (options?.ResponseFormat as ChatResponseFormatJson)?.SchemaName);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
