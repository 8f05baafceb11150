using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing.OpenAi;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agents.Gateway.Tests.Mcp;

/// <summary>The gateway's MCP server as another agent uses it: the MCP C# client over Streamable HTTP, a real gateway process.</summary>
public sealed class McpTests
{
    private const string CorrectCode = "def add(a, b):\n    return a + b\n";
    private const string WrongCode = "def add(a, b):\n    return a - b\n";
    private const string Tests = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListTools_NamesEveryTool_WithADescriptionAndTheRequiredArguments()
    {
        await using var gateway = await McpGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var tools = (await client.ListToolsAsync(cancellationToken: Ct)).ToDictionary(t => t.Name);
        var templates = await client.ListResourceTemplatesAsync(cancellationToken: Ct);

        Assert.Equal(["approve_run", "get_run", "list_runs", "start_pipeline", "verify_code"], tools.Keys.Order(StringComparer.Ordinal));
        Assert.All(tools.Values, t => Assert.True(t.Description.Length > 60, $"{t.Name}: '{t.Description}'"));
        Assert.Equal(["files", "language", "tests"], Required(tools["verify_code"]));
        Assert.Equal(["language", "requirements"], Required(tools["start_pipeline"]));
        Assert.Equal(["approved", "id"], Required(tools["approve_run"]));
        Assert.Equal(["id"], Required(tools["get_run"]));
        Assert.Empty(Required(tools["list_runs"]));
        // Each argument says what it is, so a model can fill it in unaided.
        Assert.All(tools.Values, t => Assert.All(Properties(t), p => Assert.True(p.Value.TryGetProperty("description", out _), $"{t.Name}.{p.Name} has no description")));
        Assert.True(tools["verify_code"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Contains(templates, t => t.UriTemplate == "agents://runs/{id}/files/{path}");
    }

    [Fact]
    public async Task VerifyCode_OnACorrectSolution_IsVerified_AndOnAWrongOne_NamesTheFailingTest()
    {
        await using var gateway = await McpGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var right = await VerifyAsync(client, CorrectCode);
        var wrong = await VerifyAsync(client, WrongCode);

        Assert.True(right.GetProperty("verified").GetBoolean(), right.ToString());
        Assert.True(right.GetProperty("trustScore").GetDouble() > 0.5);
        Assert.Equal(1, right.GetProperty("passed").GetInt32());
        Assert.False(wrong.GetProperty("verified").GetBoolean(), wrong.ToString());
        Assert.Equal(1, wrong.GetProperty("failed").GetInt32());
        Assert.Contains("test_add", wrong.GetProperty("failingTests")[0].GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyCode_WithAnUnknownLanguage_IsAToolErrorNamingTheField()
    {
        await using var gateway = await McpGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var result = await client.CallToolAsync("verify_code", new Dictionary<string, object?>
        {
            ["language"] = "cobol",
            ["files"] = new Dictionary<string, string> { ["calc.py"] = CorrectCode },
            ["tests"] = new Dictionary<string, string> { ["test_calc.py"] = Tests },
        }, cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Contains("language", Text(result), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StartPipeline_ThenGetRun_CompletesVerified_AndTheRunsFilesAreResources()
    {
        await using var gateway = await McpGateway.StartAsync();
        PipelineScripts.PassFirstTime(gateway.Llm);
        await using var client = await gateway.ConnectAsync();

        var started = Structured(await client.CallToolAsync("start_pipeline", new Dictionary<string, object?>
        {
            ["requirements"] = PipelineScripts.Requirements,
            ["language"] = "python",
        }, cancellationToken: Ct));
        var id = started.GetProperty("id").GetString()!;
        await gateway.WaitForRunToEndAsync(id);
        var run = Structured(await client.CallToolAsync("get_run", new Dictionary<string, object?> { ["id"] = id }, cancellationToken: Ct));
        var listed = Structured(await client.CallToolAsync("list_runs", new Dictionary<string, object?>(), cancellationToken: Ct));
        var file = await client.ReadResourceAsync($"agents://runs/{id}/files/calc.py", cancellationToken: Ct);

        Assert.Equal(PipelineStatuses.Completed, run.GetProperty("status").GetString());
        Assert.Equal(1.0, run.GetProperty("trustScore").GetDouble());
        Assert.Contains(listed.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal(CorrectCode, Assert.IsType<TextResourceContents>(Assert.Single(file.Contents)).Text);
        Assert.Single(gateway.Llm.Requests, r => r.SchemaName == "code");
    }

    [Fact]
    public async Task StartPipeline_WithBadArguments_AndGetRun_OfAnUnknownId_AreToolErrorsThatSayWhy()
    {
        await using var gateway = await McpGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var badLanguage = await client.CallToolAsync("start_pipeline", new Dictionary<string, object?> { ["requirements"] = "add", ["language"] = "cobol" }, cancellationToken: Ct);
        var badIterations = await client.CallToolAsync("start_pipeline", new Dictionary<string, object?> { ["requirements"] = "add", ["language"] = "python", ["maxIterations"] = 99 }, cancellationToken: Ct);
        var unknown = await client.CallToolAsync("get_run", new Dictionary<string, object?> { ["id"] = "nosuchrun" }, cancellationToken: Ct);
        var notWaiting = await client.CallToolAsync("approve_run", new Dictionary<string, object?> { ["id"] = "nosuchrun", ["approved"] = true }, cancellationToken: Ct);

        Assert.True(badLanguage.IsError);
        Assert.Contains("language must be one of", Text(badLanguage), StringComparison.Ordinal);
        Assert.True(badIterations.IsError);
        Assert.Contains("maxIterations", Text(badIterations), StringComparison.Ordinal);
        Assert.True(unknown.IsError);
        Assert.Contains("There is no run 'nosuchrun'", Text(unknown), StringComparison.Ordinal);
        Assert.True(notWaiting.IsError);
        Assert.Empty(gateway.Llm.Requests);
    }

    [Fact]
    public async Task WithApiKeys_NoKeyIsRefused_AndTheRightKeyConnects()
    {
        const string key = "mcp-test-key-0123456789";
        await using var gateway = await McpGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway__ApiKeys__0__Name"] = "agent",
            ["Gateway__ApiKeys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
        });

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => gateway.ConnectAsync());
        var wrong = await Assert.ThrowsAnyAsync<Exception>(() => gateway.ConnectAsync("not-the-key"));
        await using var client = await gateway.ConnectAsync(key);
        var tools = await client.ListToolsAsync(cancellationToken: Ct);

        Assert.Contains("401", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains("401", wrong.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, tools.Count);
    }

    [Fact]
    public async Task ACrossOriginPost_IsRefused_BeforeTheMcpServerSeesIt()
    {
        await using var gateway = await McpGateway.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await gateway.Process.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("https://evil.example", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> VerifyAsync(McpClient client, string code) =>
        Structured(await client.CallToolAsync("verify_code", new Dictionary<string, object?>
        {
            ["language"] = "python",
            ["files"] = new Dictionary<string, string> { ["calc.py"] = code },
            ["tests"] = new Dictionary<string, string> { ["test_calc.py"] = Tests },
        }, cancellationToken: Ct));

    private static JsonElement Structured(CallToolResult result)
    {
        Assert.True(result.IsError is null or false, Text(result));
        Assert.NotNull(result.StructuredContent);
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static IEnumerable<JsonProperty> Properties(McpClientTool tool) =>
        tool.JsonSchema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : [];

    private static string[] Required(McpClientTool tool) =>
        tool.JsonSchema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)] : [];
}
