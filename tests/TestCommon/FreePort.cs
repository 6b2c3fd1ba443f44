using System.Net;
using System.Net.Sockets;

namespace McpPlatform.TestCommon;

/// <summary>Hands out TCP ports that are free on the loopback interface right now.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = new();
    private static readonly Lock Gate = new();

    /// <summary>
    /// Returns a port the OS reports as free. Ports already returned in this process are skipped so that
    /// two callers asking back-to-back (before either binds) do not get the same one.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port after 100 attempts.");
    }
}
