using Agents.Gateway.Apis;
using Agents.Gateway.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseGatewaySecurity();
app.UseGatewayRateLimits();
app.UseWebPage();
app.MapInfoApi();
app.MapChatApi();
app.MapProvidersApi();
app.MapVerifyApi();
app.MapWorkflowApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
