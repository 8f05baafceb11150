using Agents.Dapr.Mapping;
using Agents.Workflows;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Workflows;

/// <summary>Our task options and retry policy as Dapr's; the value decisions are in <see cref="RetryPolicyMapping"/>.</summary>
internal static class DaprTaskOptions
{
    public static DaprWf.WorkflowTaskOptions? ForActivity(WorkflowTaskOptions? options) =>
        ToDapr(options?.RetryPolicy) is { } retry ? new DaprWf.WorkflowTaskOptions(RetryPolicy: retry) : null;

    public static DaprWf.ChildWorkflowTaskOptions? ForChild(ChildWorkflowTaskOptions? options)
    {
        if (options is null)
        {
            return null;
        }
        // Without an explicit id Dapr derives the child's id itself (deterministically on replay); ours
        // derives "{parent}:{step}". Either way a caller that needs a known id passes one.
        var retry = ToDapr(options.RetryPolicy);
        return options.InstanceId is null && retry is null
            ? null
            : new DaprWf.ChildWorkflowTaskOptions(InstanceId: options.InstanceId, RetryPolicy: retry);
    }

    public static DaprWf.WorkflowRetryPolicy? ToDapr(WorkflowRetryPolicy? policy) =>
        RetryPolicyMapping.ToDapr(policy) is { } v
            ? new DaprWf.WorkflowRetryPolicy(v.MaxNumberOfAttempts, v.FirstRetryInterval, v.BackoffCoefficient, v.MaxRetryInterval, v.RetryTimeout)
            : null;
}
