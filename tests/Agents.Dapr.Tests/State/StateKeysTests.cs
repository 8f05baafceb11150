using Agents.Dapr.State;

namespace Agents.Dapr.Tests.State;

public sealed class StateKeysTests
{
    [Fact]
    public void Artifact_PipelineKey_IsPrefixedWithArtifacts() =>
        Assert.Equal("artifacts/run-7/plan-1", StateKeys.Artifact("run-7/plan-1"));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Artifact_BlankKey_Throws(string key) =>
        Assert.ThrowsAny<ArgumentException>(() => StateKeys.Artifact(key));

    [Fact]
    public void Artifact_KeyWithDaprSeparator_Throws() =>
        Assert.Throws<ArgumentException>(() => StateKeys.Artifact("run-7||plan-1"));

    [Theory]
    [InlineData("app||key")]
    [InlineData("||")]
    public void Validate_KeyWithDaprSeparator_Throws(string key) =>
        Assert.Throws<ArgumentException>(() => StateKeys.Validate(key));

    [Fact]
    public void Validate_SingleBar_IsAccepted() => Assert.Equal("a|b", StateKeys.Validate("a|b"));
}
