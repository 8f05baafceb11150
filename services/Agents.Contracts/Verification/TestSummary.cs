namespace Agents.Contracts;

/// <summary>Test counts read from the runner's report (JUnit XML or TRX), never from console text.</summary>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failed">Tests whose assertions failed.</param>
/// <param name="Errors">Tests that errored, plus 1 when the run produced no readable report.</param>
/// <param name="Skipped">Tests the runner skipped.</param>
/// <param name="Failures">Each failed or errored test with the runner's message.</param>
public sealed record TestSummary(int Passed, int Failed, int Errors, int Skipped, IReadOnlyList<TestFailure> Failures);
