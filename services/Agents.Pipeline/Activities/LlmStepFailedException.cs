namespace Agents.Pipeline.Activities;

/// <summary>An LLM step's call failed; the message names the failure and what caused it (<see cref="FailureChain"/>).</summary>
internal sealed class LlmStepFailedException(string message, Exception innerException) : Exception(message, innerException);
