using Agents.Testing.OpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Llm.Tests;

/// <summary>The LLM layer as a host builds it (AddAgentsLlm + start-up validation), from in-memory settings.</summary>
internal sealed class LlmHost : IDisposable
{
    private readonly IHost _host;

    private LlmHost(IHost host) => _host = host;

    public ILlmClients Clients => _host.Services.GetRequiredService<ILlmClients>();

    public static LlmHost Start(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.AddAgentsLlm();
        var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new LlmHost(host);
    }

    /// <summary>Settings for one provider pointing at a test server; no retries unless asked, so tests stay short.</summary>
    public static Dictionary<string, string?> Provider(string name, OpenAiTestServer server, int maxRetries = 0, double timeoutSeconds = 10, string model = "test-model") => new()
    {
        [$"Llm:Providers:{name}:Preset"] = "openai-compatible",
        [$"Llm:Providers:{name}:Endpoint"] = server.Endpoint,
        [$"Llm:Providers:{name}:Models:0"] = model,
        [$"Llm:Providers:{name}:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"Llm:Providers:{name}:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public void Dispose() => _host.Dispose();
}
