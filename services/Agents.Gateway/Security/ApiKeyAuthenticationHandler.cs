using System.Security.Claims;
using System.Text.Encodings.Web;
using Agents.Grpc;
using Agents.Pipeline.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Security;

/// <summary>
/// The <c>ApiKey</c> authentication scheme. With keys configured, a request authenticates with
/// <c>Authorization: Bearer &lt;key&gt;</c> (or <c>?access_token=</c> on endpoints marked <see cref="AccessTokenInQuery"/>,
/// since a browser's EventSource cannot send headers); the matched key becomes a request feature the rate limiter
/// partitions by. Without keys (the gateway then only listens on loopback) every caller is the local user.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyHashes keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.Required)
        {
            return Task.FromResult(Success("local", index: null));
        }
        if (PresentedKey() is not { Length: > 0 } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (keys.Match(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }
        Context.Features.Set(key);
        return Task.FromResult(Success(key.Name, key.Index));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (GrpcResponses.IsGrpc(Request))
        {
            await GrpcResponses.WriteStatusAsync(Context, global::Grpc.Core.StatusCode.Unauthenticated, "Send an API key as 'authorization: Bearer <key>' metadata.");
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem("Send an API key as 'Authorization: Bearer <key>'.", statusCode: StatusCodes.Status401Unauthorized, title: "An API key is required.")
            .ExecuteAsync(Context);
    }

    private AuthenticateResult Success(string name, int? index)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name)];
        if (index is { } position)
        {
            claims.Add(new Claim(ApiKeyClaims.KeyIndex, position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private string? PresentedKey()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }
        return Context.GetEndpoint()?.Metadata.GetMetadata<AccessTokenInQuery>() is not null
            ? Request.Query["access_token"].ToString()
            : null;
    }
}
