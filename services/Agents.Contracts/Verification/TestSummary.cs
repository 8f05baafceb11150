namespace Agents.Contracts;

/// <summary>Test counts read from the runner's report (JUnit XML or TRX), never from console text.</summary>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failed">Tests whose assertions failed.</param>
/// <param name="Errors">Tests that errored, plus 1 when the run produced no readable report.</param>
/// <param name="Skipped">Tests the runner skipped.</param>
/// <param name="Failures">Each failed or errored test with the runner's message.</param>
/// <param name="PassedTests">
/// The ids of the tests that passed (as <see cref="TestFailure.Name"/> names failed ones, e.g. <c>test_calc.py::test_add</c>),
/// so a later run can tell a regression (passed here, fails there) from a test that never passed. Null in results
/// recorded before it existed.
/// </param>
public sealed record TestSummary(int Passed, int Failed, int Errors, int Skipped, IReadOnlyList<TestFailure> Failures, IReadOnlyList<string>? PassedTests = null);
