using McpPlatform.Contracts.Registry;

namespace McpPlatform.Grains.Dispatch;

/// <summary>Puts the agent's forwarded headers on the upstream request, held to the API's own allowlist.</summary>
public static class ForwardedHeaders
{
    /// <remarks>
    /// The frontend already picked these by the allowlist it knew; the registry's copy is the one that counts (the
    /// frontend's may be a moment old). A header the request already has (an argument, a static header) is kept, and
    /// credentials are set after this, so a forwarded header never replaces them.
    /// </remarks>
    public static void Apply(HttpRequestMessage request, IReadOnlyList<string> allowlist, IReadOnlyDictionary<string, string> received)
    {
        if (allowlist.Count == 0 || received.Count == 0)
        {
            return;
        }

        foreach (var name in allowlist)
        {
            if (HeaderForwarding.MayForward(name) && !request.Headers.Contains(name) && TryGet(received, name) is { } value)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private static string? TryGet(IReadOnlyDictionary<string, string> received, string name)
    {
        foreach (var (key, value) in received)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
