namespace Agents.Workflows.Engine;

/// <summary>A workflow registered as a function.</summary>
internal sealed class FunctionWorkflow<TInput, TOutput>(Func<WorkflowContext, TInput, Task<TOutput>> implementation) : Workflow<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(WorkflowContext context, TInput input) => implementation(context, input);
}

/// <summary>An activity registered as a function.</summary>
internal sealed class FunctionActivity<TInput, TOutput>(Func<WorkflowActivityContext, TInput, Task<TOutput>> implementation) : WorkflowActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(WorkflowActivityContext context, TInput input) => implementation(context, input);
}
