using Agents.Gateway.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapInfoApi();
app.MapChatApi();
app.MapProvidersApi();
app.MapVerifyApi();
app.MapDefaultEndpoints();

return await app.RunAgentsServiceAsync();
