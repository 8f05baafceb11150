using Agents.Gateway.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.UseGatewaySecurity();
app.UseWebPage();
app.MapGatewayApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
