using Agents.Dapr.Mapping;
using Agents.Workflows;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Workflows;

/// <summary>Dapr's task failure as ours, so workflow code catches one exception type on both runtimes.</summary>
internal static class DaprTaskFailures
{
    public static WorkflowTaskFailedException ToOurs(DaprWf.WorkflowTaskFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var details = failure.FailureDetails;
        return TaskFailureMapping.ToTaskFailed(failure.Message, details.ErrorType, details.ErrorMessage, details.StackTrace);
    }
}
