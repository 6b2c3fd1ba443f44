using McpPlatform.Grains.Hosting;
using McpPlatform.Persistence;
using McpPlatform.Persistence.AuditLog;
using McpPlatform.ServiceDefaults;

// A silo of the cluster: holds the grains (tenants, registries, dispatch) on PostgreSQL.
if (HealthCheckCommand.TryRun(args) is { } healthExitCode)
{
    return healthExitCode; // the container's HEALTHCHECK: no host started
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddPlatformDatabase(builder.Configuration);
builder.Services.AddPlatformAuditLog(); // before Orleans, so it stops after the silo and writes the last records
builder.UseOrleans(silo => silo.AddPlatformSilo(builder.Configuration, embedded: false));

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
return 0;
