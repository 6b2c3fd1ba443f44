using System.Collections.Concurrent;
using McpPlatform.Frontend.Mcp;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Sessions;

/// <summary>
/// Sessions this frontend confirmed with their grain a moment ago, so a busy session's next requests skip the grain
/// call. An entry holds the session's tenant and principal and answers only for them; it lasts
/// <see cref="McpEndpointOptions.SessionConfirmationCacheTime"/> (the session's activity reaches the grain at least
/// that often) and goes at once when the cluster says the session ended.
/// </summary>
public sealed class ConfirmedSessions(IOptions<McpEndpointOptions> options, TimeProvider clock)
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, Confirmation> sessions = new(StringComparer.Ordinal);
    // At most a quarter of the idle timeout: requests answered from here do not reach the grain, so the session's
    // recorded activity may be this much older than its last request.
    private readonly TimeSpan lifetime = TimeSpan.FromTicks(Math.Min(options.Value.SessionConfirmationCacheTime.Ticks, options.Value.SessionIdleTimeout.Ticks / 4));
    private int additions;

    /// <summary>The negotiated protocol version, when this session was confirmed for this tenant and principal lately.</summary>
    public string? Recall(string sessionId, string tenantId, string principalId)
    {
        if (lifetime <= TimeSpan.Zero || !sessions.TryGetValue(sessionId, out var confirmation))
        {
            return null;
        }

        return clock.GetElapsedTime(confirmation.At) < lifetime
            && string.Equals(confirmation.TenantId, tenantId, StringComparison.Ordinal)
            && string.Equals(confirmation.PrincipalId, principalId, StringComparison.Ordinal)
            ? confirmation.NegotiatedVersion
            : null;
    }

    public void Remember(string sessionId, string tenantId, string principalId, string negotiatedVersion)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        sessions[sessionId] = new Confirmation(tenantId, principalId, negotiatedVersion, clock.GetTimestamp());
        if (Interlocked.Increment(ref additions) % SweepEvery == 0)
        {
            SweepExpired();
        }
    }

    public void Forget(string sessionId) => sessions.TryRemove(sessionId, out _);

    // Amortised over additions: idle sessions' entries must not pile up.
    private void SweepExpired()
    {
        foreach (var (id, confirmation) in sessions)
        {
            if (clock.GetElapsedTime(confirmation.At) >= lifetime)
            {
                sessions.TryRemove(KeyValuePair.Create(id, confirmation));
            }
        }
    }

    private sealed record Confirmation(string TenantId, string PrincipalId, string NegotiatedVersion, long At);
}
