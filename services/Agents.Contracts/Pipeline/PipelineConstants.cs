namespace Agents.Contracts;

/// <summary>Run statuses as the API reports them.</summary>
public static class PipelineStatuses
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string WaitingForApproval = "WaitingForApproval";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";

    public static bool IsFinal(string status) => status is Completed or Failed or Terminated;
}

/// <summary>Steps of a run; also the JSON schema names of the structured LLM calls (<c>plan</c>, <c>tests</c>, <c>code</c>, <c>repair</c>).</summary>
public static class PipelineSteps
{
    public const string Plan = "plan";
    public const string Approval = "approval";
    public const string Tests = "tests";
    public const string Code = "code";
    public const string Repair = "repair";

    /// <summary>The test designer re-examines tests the coder disputed (schema <c>tests</c>).</summary>
    public const string Review = "review";

    /// <summary>Verification and test run in the sandbox.</summary>
    public const string Verify = "verify";
    public const string Result = "result";
}

/// <summary>Values of <see cref="PipelineRequest.Approval"/>.</summary>
public static class ApprovalModes
{
    public const string None = "none";
    public const string Plan = "plan";

    public static IReadOnlyList<string> All { get; } = [None, Plan];
}

/// <summary>How an iteration after the first came about: the coder fixed its code, or the test designer corrected a disputed test.</summary>
public static class RepairResolutions
{
    public const string FirstCode = "first-code";
    public const string CodeFixed = "code-fixed";
    public const string TestCorrected = "test-corrected";
}
