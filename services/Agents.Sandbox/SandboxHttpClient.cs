using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;

namespace Agents.Sandbox;

/// <summary>
/// <see cref="IVerificationService"/> over HTTP: calls SandboxHost's <c>POST /api/verify</c> (the distributed mode,
/// where untrusted code runs in its own service). Problem responses become the same exceptions as in-process.
/// </summary>
public sealed class SandboxHttpClient(HttpClient http) : IVerificationService
{
    public const string VerifyPath = "/api/verify";

    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(VerifyPath, request, AgentsJsonContext.Default.VerificationRequest, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.ServiceUnavailable)
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = problem.RootElement;
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                throw new SandboxUnavailableException(root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "The sandbox service is unavailable.");
            }
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray(), StringComparer.Ordinal)
                : new Dictionary<string, string[]> { ["body"] = [root.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "Bad request."] };
            throw new InvalidVerificationRequestException(errors);
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.VerificationResult, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The sandbox service returned an empty result.");
    }
}
