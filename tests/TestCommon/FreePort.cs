using System.Net;
using System.Net.Sockets;

namespace McpPlatform.TestCommon;

/// <summary>Hands out TCP ports that are free on the loopback interface right now.</summary>
public static class FreePort
{
    // Below the OS's ephemeral range: a port the OS hands out for "any free port" is also what it gives outgoing
    // connections, so one of the tests' many HTTP connections could take it before the server binds it.
    private const int Lowest = 10_000;

    private static readonly HashSet<int> Handed = new();
    private static readonly Lock Gate = new();

    /// <summary>
    /// Returns a port that is free now, outside the ephemeral range. Ports already returned in this process are
    /// skipped so that two callers asking back-to-back (before either binds) do not get the same one.
    /// </summary>
    public static int Next()
    {
        var highest = EphemeralRangeStart() - 1;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, highest + 1);
            lock (Gate)
            {
                if (Handed.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                Handed.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port after 200 attempts.");
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Linux's configured start of the ephemeral range (32768 by default).</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var start) && start > Lowest + 1000 ? start : 32_768;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 32_768;
        }
    }
}
