namespace Agents.Pipeline.Activities;

internal static class EventNoticeKinds
{
    public const string PipelineStarted = "PipelineStarted";
    public const string ApprovalRequested = "ApprovalRequested";
    public const string ApprovalReceived = "ApprovalReceived";
    public const string IterationFailed = "IterationFailed";
}
