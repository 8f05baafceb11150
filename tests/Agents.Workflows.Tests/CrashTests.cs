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

        var context = $"(seed {seed}, killed midway {killedMidway} times)";
        Assert.True(killedMidway >= 1, $"No run was killed before finishing, so nothing was tested {context}.");
        await AssertEveryWorkflowCompletedAndNoRecordedStepRanTwiceAsync(log, Enumerable.Range(0, Instances).Select(i => ($"crash-{i}", i)).ToList(), context);
    }

    /// <summary>
    /// Two processes on one PostgreSQL database, each running its own workflows and raising the other's events
    /// (which travel through the database); one is SIGKILLed midway, the other takes its workflows over when its
    /// lease ends and completes them all.
    /// </summary>
    [Fact]
    public async Task TwoProcessesOnOneDatabase_EachRunsItsShare_AndTheSurvivorTakesOverTheKilledOnesWork()
    {
        const int each = 12;
        var database = await postgres.CreateDatabaseAsync("taskhubshare");
        var log = Path.Combine(TempDirectories.Create("agents-share-"), "executions.log");
        var host = TestPaths.ProjectOutput("Agents.Workflows.CrashHost", "tests");
        var count = each.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using var first = ChildProcess.StartDotnet(host, ["postgres", database, count, "a", log, "a"]);
        await using var second = ChildProcess.StartDotnet(host, ["postgres", database, count, "b", log, "b", "a"]);
        // Killed early in its work (8 steps per workflow): what it had not finished, the second must run.
        var firstSteps = 0;
        await first.WaitForLineAsync(l => l.StartsWith("step a-", StringComparison.Ordinal) && ++firstSteps >= 10, s_timeout);
        Assert.True(first.Signal(SigKill), $"The first process ended before it was killed:\n{first.Output}");
        await first.WaitForExitAsync(s_timeout);

        Assert.True(await second.WaitForExitAsync(s_timeout) == 0, $"The surviving process failed:\n{second.Output}");
        Assert.Contains("ALL DONE", second.Output, StringComparison.Ordinal);
        var executions = await ReadExecutionsAsync(log);
        Assert.Contains(executions, l => l.StartsWith("a a-", StringComparison.Ordinal));
        Assert.Contains(executions, l => l.StartsWith("b b-", StringComparison.Ordinal));
        // The killed process's unfinished workflows ran on in the survivor.
        Assert.Contains(executions, l => l.StartsWith("b a-", StringComparison.Ordinal));
        await AssertEveryWorkflowCompletedAndNoRecordedStepRanTwiceAsync(log,
            [.. Enumerable.Range(0, each).SelectMany(i => new[] { ($"a-{i}", i), ($"b-{i}", i) })], "(two processes, one killed)");
    }

    private static async Task AssertEveryWorkflowCompletedAndNoRecordedStepRanTwiceAsync(string log, IReadOnlyList<(string Id, int Input)> workflows, string context)
    {
        var results = JsonSerializer.Deserialize<Dictionary<string, CrashResult>>(await File.ReadAllTextAsync(log + ".results.json", TestContext.Current.CancellationToken))!;
        var executions = (await ReadExecutionsAsync(log))
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 3 && p[2].Length == 32) // a SIGKILL can cut the last line short
            .Select(p => (Run: p[0], Key: p[1], Nonce: p[2]))
            .ToList();
        Assert.Equal(workflows.Count, results.Count);
        foreach (var (id, i) in workflows)
        {
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

    /// <summary>Every run's execution lines (each run writes its own file, <c>{log}.run-{run}</c>), in run order.</summary>
    private static async Task<List<string>> ReadExecutionsAsync(string log)
    {
        var lines = new List<string>();
        var prefix = Path.GetFileName(log) + ".run-";
        // Numbered runs ran one after another (run 10 after run 9); named ones ("a", "b") in the order of their names.
        var files = Directory.GetFiles(Path.GetDirectoryName(log)!, prefix + "*")
            .OrderBy(f => int.TryParse(Path.GetFileName(f)[prefix.Length..], out var n) ? n : int.MaxValue)
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            lines.AddRange(await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken));
        }
        return lines;
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
