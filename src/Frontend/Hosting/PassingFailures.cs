using McpPlatform.Persistence;
using Orleans.Runtime;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// Failures of the platform itself that pass within seconds and that the caller can do nothing about but retry: the
/// admin API answers them with 503 and <c>Retry-After</c>, tool calls with a retriable error result.
/// </summary>
public static class PassingFailures
{
    /// <summary>
    /// The Orleans runtime failed a grain call: the silo that ran it died and is not yet declared dead, no gateway
    /// answers, the call timed out, or the grain's storage failed (Orleans wraps those). Exceptions thrown by grain
    /// code itself arrive as their own types, so they are not taken for this.
    /// </summary>
    public static bool IsClusterUnavailable(Exception exception) => exception is OrleansException or TimeoutException;

    /// <summary>The database could not be reached from this process (restarting, failing over).</summary>
    public static bool IsDatabaseUnavailable(Exception exception) => TransientDatabaseErrors.IsTransient(exception);

    public static bool IsPassing(Exception exception) => IsClusterUnavailable(exception) || IsDatabaseUnavailable(exception);
}
