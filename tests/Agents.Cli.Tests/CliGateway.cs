using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Cli.Tests;

/// <summary>A gateway process (embedded mode, its own data folder) answering from a scripted model, for the CLI to talk to.</summary>
internal sealed class CliGateway : IAsyncDisposable
{
    private CliGateway(OpenAiTestServer llm, ServiceProcess process, string data)
    {
        Llm = llm;
        Process = process;
        DataDirectory = data;
    }

    public OpenAiTestServer Llm { get; }

    public ServiceProcess Process { get; }

    public string DataDirectory { get; }

    public string Url => Process.Address.ToString();

    public static async Task<CliGateway> StartAsync()
    {
        var llm = await OpenAiTestServer.StartAsync();
        var data = TempDirectories.Create("agents-cli-");
        try
        {
            var process = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
            {
                ["Llm__Providers__scripted__Preset"] = "openai-compatible",
                ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
                ["Llm__Providers__scripted__Models__0"] = "test-model",
                ["Llm__Providers__scripted__MaxRetries"] = "0",
                ["Pipeline__DataDirectory"] = data,
            });
            return new CliGateway(llm, process, data);
        }
        catch
        {
            await llm.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Llm.DisposeAsync();
    }
}
