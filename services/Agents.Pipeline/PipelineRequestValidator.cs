using Agents.Contracts;

namespace Agents.Pipeline;

/// <summary>Checks a start request, naming each bad field in the shape of validation problem details.</summary>
public static class PipelineRequestValidator
{
    public static Dictionary<string, string[]> Validate(PipelineRequest? request, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request is null)
        {
            errors["body"] = ["A JSON object with requirements and language is required."];
            return errors;
        }
        if (string.IsNullOrWhiteSpace(request.Requirements))
        {
            errors["requirements"] = ["Requirements are required."];
        }
        else if (request.Requirements.Length > options.MaxRequirementsLength)
        {
            errors["requirements"] = [$"Requirements have {request.Requirements.Length} characters; the limit is {options.MaxRequirementsLength}."];
        }
        if (string.IsNullOrWhiteSpace(request.Language) || !VerificationLanguages.All.Contains(request.Language.Trim().ToLowerInvariant()))
        {
            errors["language"] = [$"Language '{request.Language}' is not supported; use one of: {string.Join(", ", VerificationLanguages.All)}."];
        }
        if (request.MaxIterations is { } max && (max < PipelineLimits.MinIterations || max > PipelineLimits.MaxIterations))
        {
            errors["maxIterations"] = [$"maxIterations must be between {PipelineLimits.MinIterations} and {PipelineLimits.MaxIterations}."];
        }
        if (request.Approval is not null && !ApprovalModes.All.Contains(request.Approval.Trim().ToLowerInvariant()))
        {
            errors["approval"] = [$"Approval '{request.Approval}' is not known; use one of: {string.Join(", ", ApprovalModes.All)}."];
        }
        return errors;
    }

    /// <summary>The workflow input for a valid request: defaults filled in, names lower-cased.</summary>
    public static PipelineInput ToInput(PipelineRequest request, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return new PipelineInput(
            request.Requirements!.Trim(),
            request.Language!.Trim().ToLowerInvariant(),
            request.MaxIterations ?? PipelineLimits.DefaultMaxIterations,
            request.Approval?.Trim().ToLowerInvariant() ?? ApprovalModes.None,
            options.ApprovalTimeoutMinutes);
    }
}
