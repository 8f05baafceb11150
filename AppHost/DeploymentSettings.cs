using Microsoft.Extensions.Configuration;

namespace Agents.Deployment;

/// <summary>The AppHost's settings, read and checked through <see cref="DeploymentPlan"/> before any resource is added.</summary>
internal sealed record DeploymentSettings(Broker Broker, LlmSource Llm, Sidecars Sidecars, Infrastructure Infrastructure, string Workflows)
{
    /// <summary>
    /// Reads every setting; on an unknown value or a choice this build cannot wire, gives the plan's message (which names
    /// the setting and what it accepts) instead, so that the AppHost can print it and exit without a stack trace.
    /// </summary>
    public static bool TryRead(IConfiguration configuration, bool publishing, bool fullStackBuilt, out DeploymentSettings settings, out string refusal)
    {
        try
        {
            var sidecars = DeploymentPlan.ChooseSidecars(configuration[DeploymentPlan.SidecarsKey]);
            var llm = DeploymentPlan.ChooseLlm(configuration[DeploymentPlan.LlmKey], publishing);
            settings = new DeploymentSettings(
                DeploymentPlan.ChooseBroker(configuration[DeploymentPlan.BrokerKey]),
                llm,
                sidecars,
                DeploymentPlan.ChooseInfrastructure(configuration[DeploymentPlan.InfrastructureKey]),
                DeploymentPlan.ChooseWorkflows(configuration[DeploymentPlan.WorkflowsKey], sidecars));
            DeploymentPlan.RequireFullStackFor(sidecars, llm, fullStackBuilt);
            refusal = string.Empty;
            return true;
        }
        catch (InvalidOperationException ex)
        {
            settings = new DeploymentSettings(default, default, default, default, string.Empty);
            refusal = ex.Message;
            return false;
        }
    }
}
