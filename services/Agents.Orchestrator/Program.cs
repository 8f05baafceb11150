using Agents.Pipeline.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapPipelineApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
