using System.Net;
using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Testing.OpenAi;

namespace Agents.Pipeline.Tests.Functional;

public sealed class ApprovalAndTerminationTests
{
    [Fact]
    public async Task Approval_WhenApproved_ContinuesToCompletion()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        Scripts.PassFirstTime(gateway.Llm);

        var id = await gateway.StartRunAsync(approval: "plan");
        await gateway.ReadEventsAsync(id, e => e.Type == "ApprovalRequested");
        var waiting = await gateway.GetRunAsync(id);
        using var approve = await gateway.Http.PostAsJsonAsync($"/api/workflow/{id}/approve", new { approved = true }, TestContext.Current.CancellationToken);
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.WaitingForApproval, waiting.Status);
        Assert.Equal("add two numbers", waiting.Plan?.Summary);
        Assert.DoesNotContain(gateway.Llm.Requests.Take(1), r => r.SchemaName != "plan");
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        Assert.Equal(PipelineStatuses.Completed, run.Status);
    }

    [Fact]
    public async Task Approval_WhenRejectedWithReason_ReplansWithTheReasonThenCompletes()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan("first plan"), Scripts.Plan("second plan"));
        gateway.Llm.EnqueueForSchema("tests", Scripts.PythonTests());
        gateway.Llm.EnqueueForSchema("code", Scripts.PythonCode());

        var id = await gateway.StartRunAsync(approval: "plan");
        await gateway.ReadEventsAsync(id, e => e.Type == "ApprovalRequested");
        using var reject = await gateway.Http.PostAsJsonAsync($"/api/workflow/{id}/approve", new { approved = false, reason = "name the module calc, please" }, TestContext.Current.CancellationToken);
        await gateway.ReadEventsAsync(id, e => e.Type == "ApprovalRequested" && e.Data.GetProperty("attempt").GetInt32() == 2);
        var second = await gateway.GetRunAsync(id);
        using var approve = await gateway.Http.PostAsJsonAsync($"/api/workflow/{id}/approve", new { approved = true }, TestContext.Current.CancellationToken);
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, reject.StatusCode);
        Assert.Equal("second plan", second.Plan?.Summary);
        var replan = gateway.Llm.Requests.Where(r => r.SchemaName == "plan").ElementAt(1);
        Assert.Contains("name the module calc, please", replan.Body, StringComparison.Ordinal);
        Assert.Equal(PipelineStatuses.Completed, run.Status);
        Assert.Equal("second plan", run.Plan?.Summary);
    }

    [Fact]
    public async Task Approve_WhenRunIsNotWaiting_Conflicts_AndUnknownRunIsNotFound()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        Scripts.PassFirstTime(gateway.Llm);
        var id = await gateway.StartRunAsync();
        await gateway.WaitForEndAsync(id);

        using var approve = await gateway.Http.PostAsJsonAsync($"/api/workflow/{id}/approve", new { approved = true }, TestContext.Current.CancellationToken);
        using var terminate = await gateway.Http.PostAsJsonAsync($"/api/workflow/{id}/terminate", new { reason = "late" }, TestContext.Current.CancellationToken);
        using var unknown = await gateway.Http.GetAsync("/api/workflow/nosuchrun", TestContext.Current.CancellationToken);
        using var unknownApprove = await gateway.Http.PostAsJsonAsync("/api/workflow/nosuchrun/approve", new { approved = true }, TestContext.Current.CancellationToken);
        using var unknownEvents = await gateway.Http.GetAsync("/api/workflow/nosuchrun/events", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, terminate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknownApprove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownEvents.StatusCode);
    }

    [Fact]
    public async Task Terminate_WhileAStepRuns_EndsTheRunTerminated()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan());
        gateway.Llm.EnqueueForSchema("tests", ScriptedResponse.Hang());

        var id = await gateway.StartRunAsync();
        await gateway.ReadEventsAsync(id, e => e.Type == "StepStarted" && e.Step == "tests");
        using var terminate = await gateway.Http.PostAsJsonAsync($"/api/workflow/{id}/terminate", new { reason = "changed my mind" }, TestContext.Current.CancellationToken);
        var events = await gateway.ReadEventsAsync(id, e => e.Type == "PipelineTerminated");
        var run = await gateway.GetRunAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal("changed my mind", events[^1].Data.GetProperty("reason").GetString());
        Assert.Equal(PipelineStatuses.Terminated, run.Status);
        Assert.Equal("changed my mind", run.Reason);
        Assert.DoesNotContain(gateway.Llm.Requests, r => r.SchemaName == "code");
    }
}
