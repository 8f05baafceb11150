using Agents.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.Agents_Gateway>(ServiceNames.Gateway)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
