namespace Agents.Sandbox;

/// <summary>A verification request was rejected before anything ran; <see cref="Errors"/> names each bad field or path.</summary>
public sealed class InvalidVerificationRequestException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The verification request is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
