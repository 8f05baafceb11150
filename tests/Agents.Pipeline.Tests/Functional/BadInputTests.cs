using System.Net;
using System.Text;
using System.Text.Json;
using Agents.Contracts;

namespace Agents.Pipeline.Tests.Functional;

/// <summary>One gateway for the class: every request here is refused, so nothing is started and runs do not interfere.</summary>
public sealed class BadInputTests(BadInputTests.GatewayFixture fixture) : IClassFixture<BadInputTests.GatewayFixture>
{
    [Theory]
    [InlineData("""{"requirements":"","language":"python"}""", "requirements")]
    [InlineData("""{"requirements":"   ","language":"python"}""", "requirements")]
    [InlineData("""{"language":"python"}""", "requirements")]
    [InlineData("""{"requirements":"add","language":"cobol"}""", "language")]
    [InlineData("""{"requirements":"add"}""", "language")]
    [InlineData("""{"requirements":"add","language":"python","maxIterations":0}""", "maxIterations")]
    [InlineData("""{"requirements":"add","language":"python","maxIterations":11}""", "maxIterations")]
    [InlineData("""{"requirements":"add","language":"python","maxIterations":99999999999}""", "maxIterations")]
    [InlineData("""{"requirements":"add","language":"python","approval":"always"}""", "approval")]
    [InlineData("""{"requirements":"add","language":42}""", "language")]
    [InlineData("""not json""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("""{"requirements":"add","language":"python","maxIterations":"3"}""", "maxIterations")]
    [InlineData("""{"requirements":"add","language":"python","maxIterations":2.5}""", "maxIterations")]
    [InlineData("""[1, 2]""", "body")]
    public async Task Start_WithBadInput_Returns400NamingTheFieldAndStartsNothing(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await fixture.Gateway.Http.PostAsync("/api/workflow/full-sdlc", content, TestContext.Current.CancellationToken);

        await AssertRejectedAsync(response, field);
    }

    [Fact]
    public async Task Start_WithOversizedBody_Returns413NamingTheBodyAndStartsNothing()
    {
        var requirements = new string('x', 70 * 1024);
        using var content = new StringContent(JsonSerializer.Serialize(new { requirements, language = "python" }), Encoding.UTF8, "application/json");
        using var response = await fixture.Gateway.Http.PostAsync("/api/workflow/full-sdlc", content, TestContext.Current.CancellationToken);

        await AssertRejectedAsync(response, "body", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Start_WithATextPlainBody_Returns415ProblemAndStartsNothing()
    {
        // What a form or fetch from any web page can send without a CORS preflight.
        using var content = new StringContent("""{"requirements":"add","language":"python"}""", Encoding.UTF8, "text/plain");
        using var response = await fixture.Gateway.Http.PostAsync("/api/workflow/full-sdlc", content, TestContext.Current.CancellationToken);

        await AssertRejectedAsync(response, "body", HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/api/workflow/full-sdlc", """{"requirements":"add","language":"python"}""")]
    [InlineData("/api/workflow/abc/terminate", "")]
    [InlineData("/api/chat", """{"messages":[{"role":"user","content":"hi"}]}""")]
    public async Task StateChange_FromAnotherOrigin_Returns403AndDoesNothing(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", "https://attacker.example");
        using var response = await fixture.Gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("https://attacker.example", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(fixture.Gateway.Llm.Requests);
    }

    [Theory]
    [InlineData("/api/workflow?pageSize=0", "pageSize")]
    [InlineData("/api/workflow?pageSize=101", "pageSize")]
    [InlineData("/api/workflow?next=abc", "next")]
    [InlineData("/api/workflow?pageSize=ten", "pageSize")]
    public async Task List_WithBadPaging_Returns400NamingTheParameter(string path, string field)
    {
        using var response = await fixture.Gateway.Http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Approve_WithoutApprovedField_Returns400()
    {
        using var content = new StringContent("""{"reason":"x"}""", Encoding.UTF8, "application/json");
        using var response = await fixture.Gateway.Http.PostAsync("/api/workflow/abc/approve", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("approved", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private async Task AssertRejectedAsync(HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        var runs = await fixture.Gateway.Http.GetStringAsync("/api/workflow", TestContext.Current.CancellationToken);
        Assert.Empty(JsonSerializer.Deserialize(runs, AgentsJsonContext.Default.PipelineRunPage)!.Runs);
        Assert.Empty(fixture.Gateway.Llm.Requests);
    }

    public sealed class GatewayFixture : IAsyncLifetime
    {
        internal PipelineGateway Gateway { get; private set; } = null!;

        // Refused starts count against the run-start budget (10 a minute by default) and this class sends more than
        // that within a minute, so its gateway gets a larger one (tests/Agents.Gateway.Tests covers the budgets).
        public async ValueTask InitializeAsync() =>
            Gateway = await PipelineGateway.StartAsync(extra: new Dictionary<string, string?> { ["Gateway__RateLimits__RunStartsPerMinute"] = "100" });

        public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
    }
}
