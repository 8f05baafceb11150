using Agents.Gateway.Infrastructure;
using Agents.Pipeline.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddPipelineGrpc();

var app = builder.Build();

app.UseApiDefaults();
app.UseGatewaySecurity();
app.UseWebPage();
app.MapGatewayApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
