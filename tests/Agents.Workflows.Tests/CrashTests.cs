using System.Text.Json;
using Agents.Testing;

namespace Agents.Workflows.Tests;

/// <summary>
/// A real child process runs workflows (the real Dapr.Workflow SDK on the embedded backend) on a durable store
/// and is killed with SIGKILL at random points, several times; after the last restart every workflow must complete with the right output, and no
/// activity may have run again after its result was recorded.
/// </summary>
public sealed class CrashTests(PostgresFixture postgres)
{
    private const int SigKill = 9;
    private const int Instances = 24;
    private const int Kills = 3;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("file")]
    [InlineData("postgres")]
    public async Task SdkOnTheEmbeddedBackend_KilledRepeatedly_EveryWorkflowCompletes_AndNoRecordedStepRunsTwice(string store)
    {
        var location = store == "file" ? TempDirectories.Create("agents-taskhub-crash-") : await postgres.CreateDatabaseAsync("taskhubcrash");
        await KillRepeatedlyAsync(store, location);
    }

    private async Task KillRepeatedlyAsync(string journal, string location)
    {
        var log = Path.Combine(TempDirectories.Create("agents-crash-"), "executions.log");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var host = TestPaths.ProjectOutput("Agents.Workflows.CrashHost", "tests");
        var killedMidway = 0;

        for (var run = 1; run <= Kills; run++)
        {
            await using var child = ChildProcess.StartDotnet(host, [journal, location, Instances.ToString(System.Globalization.CultureInfo.InvariantCulture), run.ToString(System.Globalization.CultureInfo.InvariantCulture), log]);
            var target = random.Next(5, 60);
            var seen = 0;
            var line = await child.WaitForLineAsync(l => l == "ALL DONE" || (l.StartsWith("step ", StringComparison.Ordinal) && ++seen >= target), s_timeout);
            if (line != "ALL DONE" && child.Signal(SigKill))
            {
                killedMidway++;
                await child.WaitForExitAsync(s_timeout);
            }
            else
            {
                // It finished on its own, possibly between its last step line and the kill: then it must have succeeded.
                Assert.True(await child.WaitForExitAsync(s_timeout) == 0, $"The crash host failed on its own:\n{child.Output}");
            }
        }
        await using (var last = ChildProcess.StartDotnet(host, [journal, location, Instances.ToString(System.Globalization.CultureInfo.InvariantCulture), "final", log]))
        {
            Assert.Equal(0, await last.WaitForExitAsync(s_timeout));
            Assert.Contains("ALL DONE", last.Output, StringComparison.Ordinal);
        }

        var results = JsonSerializer.Deserialize<Dictionary<string, CrashResult>>(await File.ReadAllTextAsync(log + ".results.json", TestContext.Current.CancellationToken))!;
        var executions = (await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken))
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 3 && p[2].Length == 32) // a SIGKILL can cut the last line short
            .Select(p => (Run: p[0], Key: p[1], Nonce: p[2]))
            .ToList();
        var context = $"(seed {seed}, killed midway {killedMidway} times)";

        Assert.True(killedMidway >= 1, $"No run was killed before finishing, so nothing was tested {context}.");
        Assert.Equal(Instances, results.Count);
        for (var i = 0; i < Instances; i++)
        {
            var id = $"crash-{i}";
            var result = results[id];
            Assert.True(result.Status == "Completed", $"{id} is {result.Status}: {result.Error} {context}");
            Assert.Equal(ExpectedTotal(i), result.Output!.Total);
            Assert.Equal(8, result.Output.Steps.Length);
            foreach (var step in result.Output.Steps)
            {
                var (key, nonce) = (step.Split('=')[0], step.Split('=')[1]);
                var runsOfKey = executions.Where(e => e.Key == key).ToList();
                Assert.True(runsOfKey.Count > 0 && runsOfKey[^1].Nonce == nonce,
                    $"{key}: the recorded result ({nonce}) is not the last execution ({string.Join(", ", runsOfKey.Select(r => $"{r.Run}:{r.Nonce}"))}) {context}");
                Assert.True(runsOfKey.GroupBy(e => e.Run).All(g => g.Count() == 1), $"{key} ran twice within one run {context}");
            }
        }
    }

    private static int ExpectedTotal(int input)
    {
        var value = Enumerable.Range(0, 5).Sum(k => (input * 10 + k) * 2);
        for (var k = 0; k < 3; k++)
        {
            value = (value + 1) * 2;
        }
        return value;
    }

    private sealed record CrashResult(string Status, CrashOutput? Output, string? Error);

    private sealed record CrashOutput(int Total, string[] Steps);
}
