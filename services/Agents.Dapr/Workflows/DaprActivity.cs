using Agents.Workflows;
using Microsoft.Extensions.DependencyInjection;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Workflows;

/// <summary>
/// One of our activities as a Dapr activity. Dapr creates this wrapper with ActivatorUtilities, which supplies
/// the service provider; the wrapper then creates <typeparamref name="TActivity"/> the same way, so our
/// activities keep their constructor injection. Registered under our activity's name.
/// </summary>
public sealed class DaprActivity<TActivity, TInput, TOutput>(IServiceProvider services) : DaprWf.WorkflowActivity<TInput, TOutput>
    where TActivity : WorkflowActivity<TInput, TOutput>
{
    /// <inheritdoc />
    public override Task<TOutput> RunAsync(DaprWf.WorkflowActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.CreateInstance<TActivity>(services);
        return activity.RunAsync(new DaprActivityContextAdapter(context), input);
    }
}
