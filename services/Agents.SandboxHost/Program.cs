using Agents.Sandbox.Grpc;
using Agents.SandboxHost.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapVerifyApi();
app.MapSandboxGrpc();
app.MapOpenApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
