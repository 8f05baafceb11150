using Agents.Pipeline.Apis;
using Agents.Pipeline.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddPipelineGrpc();

var app = builder.Build();

app.UseApiDefaults();
app.MapPipelineApi();
app.MapPipelineGrpc();
app.MapOpenApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
