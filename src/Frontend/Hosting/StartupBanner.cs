using McpPlatform.Frontend.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Hosting;

/// <summary>Tells the person who just started the platform where to go and which key to use.</summary>
public sealed class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    OperatorKeyVerifier operatorKeys,
    IOptions<PlatformOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        Console.WriteLine();
        Console.WriteLine($"McpPlatform is running ({options.Value.Mode} mode).");
        Console.WriteLine($"  Admin API:        {address}/admin/v1   (OpenAPI: {address}/openapi/v1.json)");
        Console.WriteLine($"  Tenant MCP URLs:  {address}/t/{{tenant}}/mcp");
        if (operatorKeys.GeneratedKey is { } generated)
        {
            Console.WriteLine($"  Operator key:     {generated}");
            Console.WriteLine("                    (generated now and shown only this once; set Platform__AdminKey to choose your own)");
        }
        else if (options.Value.AdminKey is not null)
        {
            Console.WriteLine("  Operator key:     from configuration (Platform:AdminKey)");
        }
        else
        {
            Console.WriteLine("  Operator key:     the one printed at first start (set Platform__AdminKey to replace it)");
        }

        Console.WriteLine();
    }
}
