using System.Diagnostics;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>
/// What a Kubernetes Service and ingress do for the load: spread requests round-robin over the frontends in
/// rotation. A frontend whose connection failed sits out a few seconds (outlier ejection, or its readiness probe
/// failing), so a dead pod costs a few refused connections rather than every third request until the test notices.
/// </summary>
public sealed class FrontendPool(IEnumerable<string> frontends)
{
    private static readonly TimeSpan Ejection = TimeSpan.FromSeconds(3);
    private readonly Lock gate = new();
    private readonly List<string> rotation = [.. frontends];
    private readonly Dictionary<string, long> ejectedUntil = [];
    private int next;

    public IReadOnlyList<string> InRotation
    {
        get
        {
            lock (gate)
            {
                return [.. rotation];
            }
        }
    }

    /// <summary>The next frontend; every one is ejected only when all of them are, so there is always an answer.</summary>
    public string Next()
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < rotation.Count; i++)
            {
                var candidate = rotation[next++ % rotation.Count];
                if (!ejectedUntil.TryGetValue(candidate, out var until) || until <= now)
                {
                    return candidate;
                }
            }

            return rotation[next++ % rotation.Count];
        }
    }

    public void Add(string frontend)
    {
        lock (gate)
        {
            rotation.Add(frontend);
        }
    }

    /// <summary>Takes a frontend out of rotation (its endpoint removed, as when its pod stops being ready).</summary>
    public void Remove(string frontend)
    {
        lock (gate)
        {
            rotation.Remove(frontend);
        }
    }

    public void ReportConnectionFailure(string frontend)
    {
        lock (gate)
        {
            ejectedUntil[frontend] = Stopwatch.GetTimestamp() + (long)(Ejection.TotalSeconds * Stopwatch.Frequency);
        }
    }
}
