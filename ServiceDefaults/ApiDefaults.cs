using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How every Agents HTTP API reads and answers: bodies bound by the framework from <c>application/json</c> only (415
/// otherwise), numbers that must be numbers, and every 4xx/5xx as problem details whose <c>errors</c> are keyed by the
/// JSON field names the client sent. The libraries that map endpoints call <c>AddValidation()</c> themselves: .NET 10
/// generates the validation at compile time for the endpoints of the project that calls it.
/// </summary>
public static class ApiDefaults
{
    public static TBuilder AddApiDefaults<TBuilder>(this TBuilder builder, IJsonTypeInfoResolver contracts) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, contracts);
            // The web defaults read "3" as 3; our contract says a number is a number, so "3" is a 400 naming the field.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                CamelCaseKeys(validation.Errors);
            }
            else if (BadRequestProblems.BodyProblem(context.ProblemDetails.Status) is { } body)
            {
                // The framework answers a body that is too large or not JSON by itself (no exception to handle):
                // the status-code page gets the same shape as every other bad request, naming the body.
                context.ProblemDetails.Title = body.Title;
                context.ProblemDetails.Detail ??= body.Message;
                context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["body"] = [body.Message] };
            }
        });
        // Malformed JSON, wrong types, a missing or oversized body: bad input, answered as 400/413/415 problem details
        // naming the field (BadRequestProblems) instead of the framework's empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        return builder;
    }

    /// <summary>Answers unhandled exceptions, including the bad requests above, as problem details; never a stack trace.</summary>
    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Declares problem-details answers an endpoint (or every endpoint of a group) may give, for its OpenAPI document:
    /// the ones its typed results do not already name, such as 404 from a lookup or 413 from a body limit.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder endpoints, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statusCodes);
        foreach (var status in statusCodes)
        {
            endpoints.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
        return endpoints;
    }

    // Validation names members as declared in C# (Requirements); clients sent and read JSON names (requirements).
    private static void CamelCaseKeys(IDictionary<string, string[]> errors)
    {
        foreach (var key in errors.Keys.ToList())
        {
            var json = string.Join('.', key.Split('.').Select(p => JsonNamingPolicy.CamelCase.ConvertName(p)));
            if (json != key)
            {
                errors[json] = errors.TryGetValue(json, out var existing) ? [.. existing, .. errors[key]] : errors[key];
                errors.Remove(key);
            }
        }
    }
}
