using Agents.Pipeline.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapPipelineApi();
app.MapOpenApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
