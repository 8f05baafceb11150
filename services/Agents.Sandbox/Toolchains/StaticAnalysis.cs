using Agents.Contracts;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// What a parser said about the files. <see cref="Symbols"/> is null when the files could not be analysed at all
/// (the analyser itself failed); claims are then reported as unverified, never as passed.
/// </summary>
internal sealed record StaticAnalysis(
    CheckpointProof Proof,
    IReadOnlyList<VerificationFinding> SyntaxErrors,
    IReadOnlyDictionary<string, IReadOnlyList<DeclaredSymbol>>? Symbols,
    IReadOnlyList<VerificationFinding> SecurityFindings);
