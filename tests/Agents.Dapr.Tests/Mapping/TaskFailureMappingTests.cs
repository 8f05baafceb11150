using Agents.Dapr.Mapping;

namespace Agents.Dapr.Tests.Mapping;

public sealed class TaskFailureMappingTests
{
    [Fact]
    public void ToTaskFailed_DaprDetails_CarriesThemAndKnowsTheCause()
    {
        var error = TaskFailureMapping.ToTaskFailed(
            "Task 'Verify' failed", typeof(TimeoutException).FullName!, "sandbox timed out", "at Verify()");

        Assert.Equal("Task 'Verify' failed", error.Message);
        Assert.Equal("sandbox timed out", error.FailureDetails.ErrorMessage);
        Assert.Equal("at Verify()", error.FailureDetails.StackTrace);
        Assert.True(error.FailureDetails.IsCausedBy<TimeoutException>());
        Assert.False(error.FailureDetails.IsCausedBy<ArgumentException>());
    }

    [Fact]
    public void ToWorkflowFailure_NoErrorType_IsNull() =>
        Assert.Null(TaskFailureMapping.ToWorkflowFailure(null, null, null));

    [Fact]
    public void ToWorkflowFailure_MissingMessage_BecomesEmpty()
    {
        var failure = TaskFailureMapping.ToWorkflowFailure("System.Exception", null, null);

        Assert.NotNull(failure);
        Assert.Equal("System.Exception", failure.ErrorType);
        Assert.Equal(string.Empty, failure.ErrorMessage);
    }
}
