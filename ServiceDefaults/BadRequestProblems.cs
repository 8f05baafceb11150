using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns the framework's <see cref="BadHttpRequestException"/> (thrown because <c>ThrowOnBadRequest</c> is on) into
/// problem details that name what was wrong: the JSON path of a malformed or mistyped value, the query parameter that
/// did not bind, or <c>body</c>. Keeps the exception's status (400, 413 for a body over the limit, 415 for a body
/// that is not JSON). Other exceptions are left to the default handler, which answers 500 without details.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        var (field, message) = Describe(bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode,
                Title = Title(bad.StatusCode),
            },
        });
    }

    /// <summary>Title and message for a status that is about the body as a whole (413, 415); null for any other.</summary>
    public static (string Title, string Message)? BodyProblem(int? status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => ("The request body is too large.", "The request body is larger than this endpoint accepts."),
        StatusCodes.Status415UnsupportedMediaType => ("The request body must be JSON.", "The request body must be JSON, sent with 'Content-Type: application/json'."),
        _ => null,
    };

    private static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (BodyProblem(bad.StatusCode) is { } body)
        {
            return ("body", body.Message);
        }
        // "… was missing required properties including: 'approved'." — a [JsonRequired] member left out.
        if (bad.InnerException is JsonException { Message: var text } && MissingProperty().Match(text) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return (name, $"'{name}' is required.");
        }
        if (bad.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            return (field, field == "body" ? "The request body is not valid JSON." : $"The value of '{field}' is not valid here (a wrong type or malformed JSON).");
        }
        // "Failed to bind parameter "int? pageSize" from "abc"." — the only place the framework names the parameter.
        if (ParameterName().Match(bad.Message) is { Success: true } match)
        {
            var name = match.Groups["name"].Value;
            return bad.Message.Contains("from body", StringComparison.Ordinal) ? ("body", "A JSON object is required.") : (name, $"'{name}' has a value that is not valid here.");
        }
        return ("body", "The request is not valid.");
    }

    private static string Title(int status) => BodyProblem(status)?.Title ?? "One or more validation errors occurred.";

    [GeneratedRegex("missing required properties including: '(?<name>[^']+)'")]
    private static partial Regex MissingProperty();

    [GeneratedRegex("parameter \"[^\"]*? (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
