using Agents.SandboxHost.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapVerifyApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
