using McpPlatform.Grains.Hosting;
using McpPlatform.Persistence;
using McpPlatform.ServiceDefaults;

// A silo of the cluster: holds the grains (tenants, registries, dispatch) on PostgreSQL.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddPlatformDatabase(builder.Configuration);
builder.UseOrleans(silo => silo.AddPlatformSilo(builder.Configuration, embedded: false));

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
