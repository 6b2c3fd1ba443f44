using System.Collections.Concurrent;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Sessions;

/// <summary>
/// The MCP sessions this frontend is running right now (the SDK keeps no public list). Only this process can write
/// to their streams, so cluster notifications arrive at every frontend and each tells its own sessions.
/// </summary>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, LocalSession> sessions = new(StringComparer.Ordinal);

    public int Count => sessions.Count;

    /// <summary>Runs a session the SDK created or adopted here, keeping it listed while it runs.</summary>
    public async Task RunAsync(string tenantId, McpServer server, CancellationToken sessionEnded)
    {
        if (server.SessionId is not { } id)
        {
            // Sessionless (2026-07-28) requests have no stream to notify.
            await server.RunAsync(sessionEnded);
            return;
        }

        var entry = new LocalSession(tenantId, server);
        sessions[id] = entry;
        try
        {
            await server.RunAsync(sessionEnded);
        }
        finally
        {
            // Only this entry: the session may already run again under the same id after a re-adoption.
            sessions.TryRemove(KeyValuePair.Create(id, entry));
        }
    }

    public IEnumerable<McpServer> OfTenant(string tenantId) =>
        sessions.Values.Where(s => string.Equals(s.TenantId, tenantId, StringComparison.Ordinal)).Select(s => s.Server);

    private sealed record LocalSession(string TenantId, McpServer Server);
}
