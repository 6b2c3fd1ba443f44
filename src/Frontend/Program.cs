using McpPlatform.Frontend.StoredResponses;
using McpPlatform.Frontend.Admin;
using McpPlatform.Frontend.Auth;
using McpPlatform.Frontend.Hosting;
using McpPlatform.Frontend.LegacySse;
using McpPlatform.Frontend.Mcp;
using McpPlatform.ServiceDefaults;

if (HealthCheckCommand.TryRun(args) is { } healthExitCode)
{
    return healthExitCode; // the container's HEALTHCHECK: no host started
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformCluster();
builder.Services.AddPlatformApi();
builder.Services.AddPlatformMcp();

var app = builder.Build();

app.UseMcpTransportGuard();
app.UsePlatformApi();
app.UseMcpSessionGate();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAdminApiV1();
app.MapPlatformMcp();
app.MapStoredResponseDownloads();
app.MapPlatformLegacySse();
app.MapProtectedResourceMetadata();
app.MapOAuthProxy();

app.Run();
return 0;

/// <summary>Visible to the functional tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
