using Agents.Llm.Configuration;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Agents.Llm.Tests.Configuration;

public sealed class ConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AspireConnectionString_BecomesTheDefaultProviderWithItsModel()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Text("from ollama"));
        // Aspire passes the bare host; the OpenAI-compatible API is under /v1.
        using var host = LlmHost.Start(new Dictionary<string, string?> { ["ConnectionStrings:llm"] = $"Endpoint={server.Root.AbsoluteUri.TrimEnd('/')};Model=qwen2.5-coder:7b" });

        var response = await host.Clients.ForRole(LlmRole.Coder).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: Ct);

        Assert.Equal("from ollama", response.Text);
        Assert.Equal("qwen2.5-coder:7b", Assert.Single(server.Requests).Model);
        var provider = Assert.Single(host.Clients.Providers);
        Assert.Equal("llm", provider.Name);
        Assert.Equal("ollama", provider.Preset);
        Assert.Equal(server.Endpoint + "/", provider.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void NoConfiguration_DefaultsToALocalOllama()
    {
        using var host = LlmHost.Start([]);

        var provider = Assert.Single(host.Clients.Providers);

        Assert.Equal("ollama", provider.Name);
        Assert.Equal("http://localhost:11434/v1/", provider.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void Presets_FillEndpointAndKeyVariable()
    {
        var variable = "AGENTS_TEST_GROQ_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "gsk-test");
        using var host = LlmHost.Start(new Dictionary<string, string?>
        {
            ["Llm:Providers:groq:ApiKeyEnv"] = variable,
            ["Llm:Providers:kimi:Preset"] = "moonshot",
            ["Llm:Providers:kimi:ApiKeyEnv"] = variable,
            ["Llm:Providers:claude:Preset"] = "anthropic",
            ["Llm:Providers:claude:ApiKeyEnv"] = variable,
            ["Llm:Providers:router:Preset"] = "openrouter",
            ["Llm:Providers:router:ApiKeyEnv"] = variable,
            ["Llm:Providers:router:Models:0"] = "moonshotai/kimi-k2",
            ["Llm:Default:0"] = "groq",
            ["Llm:Default:1"] = "router/moonshotai/kimi-k2",
        });

        var providers = host.Clients.Providers.ToDictionary(p => p.Name);

        Assert.Equal("https://api.groq.com/openai/v1/", providers["groq"].Endpoint.AbsoluteUri);
        Assert.Equal("https://api.moonshot.ai/v1/", providers["kimi"].Endpoint.AbsoluteUri);
        Assert.Equal("https://api.anthropic.com/v1/", providers["claude"].Endpoint.AbsoluteUri);
        Assert.Equal("https://openrouter.ai/api/v1/", providers["router"].Endpoint.AbsoluteUri);
        Assert.Equal(["moonshotai/kimi-k2"], providers["router"].Models);
    }

    [Theory]
    [InlineData("Llm:Providers:groq:Preset", "groq", "GROQ_API_KEY")]
    [InlineData("Llm:Providers:x:Endpoint", "not a url", "Llm:Providers:x:Endpoint")]
    [InlineData("Llm:Providers:x:Preset", "nope", "Llm:Providers:x:Preset 'nope' is unknown")]
    [InlineData("ConnectionStrings:llm", "this is not a connection string", "ConnectionStrings:llm")]
    [InlineData("ConnectionStrings:llm", "Endpoint=http://localhost:11434", "ConnectionStrings:llm has no Model")]
    [InlineData("Llm:Default:0", "missing/model", "provider 'missing'")]
    [InlineData("Llm:Roles:Architect:0", "ollama", "Llm:Roles:Architect is not a role")]
    public void InvalidConfiguration_FailsAtStartNamingTheSetting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Llm:Providers:groq", StringComparison.Ordinal))
        {
            // The preset's variable must be missing for this case, whatever the machine running the tests has set.
            settings["Llm:Providers:groq:ApiKeyEnv"] = "AGENTS_TEST_UNSET_" + Guid.NewGuid().ToString("N");
            expected = "AGENTS_TEST_UNSET_";
        }

        var error = Assert.Throws<OptionsValidationException>(() => LlmHost.Start(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local/qwen2.5:7b", "local", "qwen2.5:7b")]
    [InlineData("router/meta-llama/llama-3.3-70b", "router", "meta-llama/llama-3.3-70b")]
    [InlineData("groq", "groq", null)]
    public void ModelRef_SplitsAtTheFirstSlash(string text, string provider, string? model)
    {
        Assert.Equal(new ModelRef(provider, model), ModelRef.Parse(text));
    }
}
