namespace Agents.Workflows.CrashHost;

// What the crash workflow passes between its steps and what the run writes for the test.

internal sealed record StepInput(string Key, int Value);

internal sealed record StepResult(string Key, int Value, string Nonce);

internal sealed record CrashOutput(int Total, string[] Steps);

internal sealed record CrashResult(string Status, CrashOutput? Output, string? Error);
