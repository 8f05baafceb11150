using Agents.Pipeline.Tests.Functional;
using Microsoft.Playwright;

namespace Agents.Pipeline.Tests.Web;

/// <summary>
/// The web page in a real browser: Debian's chromium driven by Playwright's bundled driver (no browser download),
/// against a gateway process and the scripted model.
/// </summary>
public sealed class WebPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task Page_SubmitsARun_AndShowsItCompleteWithCheckpointsTrustAndCost()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        Scripts.PassFirstTime(gateway.Llm);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = s_chromiumArgs });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(gateway.Process.Address.ToString());
        await page.FillAsync("#requirements", Scripts.Requirements);
        await page.SelectOptionAsync("#language", "python");
        await page.FillAsync("#max-iterations", "2");
        await page.ClickAsync("#start");

        var expect = Assertions.Expect(page.Locator("#run-status"));
        await expect.ToHaveTextAsync("Completed", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#events li[data-type=PipelineCompleted]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#events li[data-type=StepStarted]")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#iterations .checkpoint")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#files summary")).ToHaveTextAsync("calc.py");
        await Assertions.Expect(page.Locator("#plan")).ToContainTextAsync("add two numbers");
        await Assertions.Expect(page.Locator("#cost")).ToContainTextAsync("450 tokens");
        Assert.NotEqual("0.00", await page.Locator("#trust").TextContentAsync());
        await Assertions.Expect(page.Locator("#runs li")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Page_WithApiKeyAndApproval_StreamsEventsWithTheKeyAndApprovesThePlan()
    {
        const string key = "page-key-42";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        await using var gateway = await PipelineGateway.StartAsync(extra: new Dictionary<string, string?> { ["Gateway__ApiKeys__0__Sha256"] = hash });
        Scripts.PassFirstTime(gateway.Llm);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = s_chromiumArgs });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(gateway.Process.Address.ToString());
        await page.FillAsync("#api-key", key);
        await page.FillAsync("#requirements", Scripts.Requirements);
        await page.SelectOptionAsync("#approval", "plan");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#events li[data-type=ApprovalRequested]")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await page.ClickAsync("#approve");

        await Assertions.Expect(page.Locator("#run-status")).ToHaveTextAsync("Completed", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#events li[data-type=ApprovalReceived]")).ToContainTextAsync("plan approved");
        Assert.Equal(key, await page.EvaluateAsync<string>("sessionStorage.getItem('agents.apiKey')"));
    }
}
