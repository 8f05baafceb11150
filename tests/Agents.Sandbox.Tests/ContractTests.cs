using System.Text.Json;
using Agents.Contracts;

namespace Agents.Sandbox.Tests;

public sealed class ContractTests
{
    [Fact]
    public void VerifyRequest_InTheIssuesShape_DeserialisesThroughTheSharedContext()
    {
        const string json = """{"language":"python","files":{"solution.py":"x = 1"},"tests":{"test_solution.py":"y = 2"},"claims":[{"kind":"function","name":"add","file":"solution.py"}],"timeoutSeconds":30}""";

        var request = JsonSerializer.Deserialize(json, AgentsJsonContext.Default.VerificationRequest);

        Assert.NotNull(request);
        Assert.Equal("x = 1", request.Files["solution.py"]);
        Assert.Equal(new CodeClaim("function", "add", "solution.py"), request.Claims!.Single());
        Assert.Equal(30, request.TimeoutSeconds);
    }

    [Fact]
    public void VerificationResult_SerialisesWithTheIssuesFieldNames()
    {
        var result = new VerificationResult(
            true,
            0.9,
            [new VerificationCheckpoint("tests", true, new CheckpointProof("pytest", 0, 12.5, "1 passed"), [new VerificationFinding("a.py", 3, "py-eval", "medium", "eval")])],
            new TestSummary(1, 0, 0, 0, []),
            "bubblewrap");

        var json = JsonSerializer.Serialize(result, AgentsJsonContext.Default.VerificationResult);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal(0.9, root.GetProperty("trustScore").GetDouble());
        var checkpoint = root.GetProperty("checkpoints")[0];
        Assert.Equal("tests", checkpoint.GetProperty("name").GetString());
        Assert.Equal(0, checkpoint.GetProperty("proof").GetProperty("exitCode").GetInt32());
        Assert.Equal("py-eval", checkpoint.GetProperty("findings")[0].GetProperty("rule").GetString());
        Assert.Equal(1, root.GetProperty("tests").GetProperty("passed").GetInt32());
        Assert.Equal(0, root.GetProperty("tests").GetProperty("errors").GetInt32());
    }
}
