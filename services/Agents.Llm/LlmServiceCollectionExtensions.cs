using Agents.Llm;
using Agents.Llm.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILlmClients"/> from the <c>Llm</c> section and <c>ConnectionStrings:llm</c>, validated at
    /// start-up: a missing key, a bad endpoint or an unparsable connection string stops the host naming the setting.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration.GetConnectionString(Agents.Contracts.ServiceNames.LlmConnection);
        builder.Services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .PostConfigure(o => LlmOptionsDefaults.Apply(o, connectionString))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>(_ => new LlmOptionsValidator()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The router owns retries, timeouts and circuits per provider; a resilience handler added to every client by
        // ServiceDefaults would retry under it and cut long generations short, so this client has none.
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001); it is the library's one way to opt a client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(LlmClients.HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.TryAddSingleton<ILlmClients, LlmClients>();
        return builder;
    }
}
