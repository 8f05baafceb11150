using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Llm.Tests.Gateway;

/// <summary>One gateway process for a test class, its LLM provider pointed at a scripted test server through environment variables.</summary>
public sealed class GatewayWithLlmFixture : IAsyncLifetime
{
    public const int MaxChatRequestBytes = 4096;

    public OpenAiTestServer Llm { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Llm = await OpenAiTestServer.StartAsync();
        Gateway = await ServiceProcess.StartAsync("Agents.Gateway", Environment(Llm.Endpoint));
    }

    public static Dictionary<string, string?> Environment(string endpoint) => new()
    {
        ["Llm__Providers__scripted__Preset"] = "openai-compatible",
        ["Llm__Providers__scripted__Endpoint"] = endpoint,
        ["Llm__Providers__scripted__Models__0"] = "test-model",
        ["Llm__Providers__scripted__MaxRetries"] = "0",
        ["Llm__Providers__scripted__TimeoutSeconds"] = "10",
        ["Llm__MaxChatRequestBytes"] = MaxChatRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Llm.DisposeAsync();
    }
}
