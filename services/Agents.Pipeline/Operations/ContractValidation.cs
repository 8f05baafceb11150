using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Agents.Contracts;

namespace Agents.Pipeline.Operations;

/// <summary>
/// The contracts' own DataAnnotations, checked outside model binding (gRPC, MCP), so every surface holds a request to
/// the rules of the HTTP API and names the fields as its problem details do (camelCase).
/// </summary>
public static class ContractValidation
{
    /// <summary>The list query's rules (<c>GET /api/workflow?pageSize=&amp;next=</c>), with its messages.</summary>
    public static void ThrowIfInvalidPage(int? pageSize, string? next)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (pageSize is < 1 or > PipelineApiLimits.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {PipelineApiLimits.MaxPageSize}."];
        }
        if (next is not null && (next.Length is 0 or > 9 || !next.All(char.IsAsciiDigit)))
        {
            errors["next"] = ["next is not a continuation token from a previous page."];
        }
        if (errors.Count > 0)
        {
            throw new PipelineRequestRejectedException(errors);
        }
    }

    /// <summary>Throws <see cref="PipelineRequestRejectedException"/> naming every field that breaks a rule.</summary>
    public static void ThrowIfInvalid(object contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(contract, new ValidationContext(contract), results, validateAllProperties: true))
        {
            return;
        }
        var errors = results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(member => (Field: JsonNamingPolicy.CamelCase.ConvertName(member), r.ErrorMessage)))
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Invalid.").ToArray(), StringComparer.Ordinal);
        throw new PipelineRequestRejectedException(errors);
    }
}
