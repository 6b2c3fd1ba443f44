using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Picks, from the agent's MCP HTTP request, the headers the called tool's API forwards upstream; nothing else of the
/// request enters the cluster. The key the agent authenticated with is never among them: <c>Authorization</c> is passed
/// on only when the key came in <c>X-Platform-Key</c>, and no value that holds a platform key is passed at all.
/// </summary>
public sealed class ForwardedHeaderCapture(TenantToolCache tools)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public async ValueTask<IReadOnlyDictionary<string, string>> CaptureAsync(string tenantId, string toolName, HttpContext? http)
    {
        if (http is null)
        {
            return None;
        }

        var names = await tools.ForwardHeadersOfAsync(tenantId, toolName);
        if (names.Count == 0)
        {
            return None;
        }

        var platformKey = ApiKeyAuthenticationHandler.PresentedKey(http.Request);
        var captured = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var value = http.Request.Headers[name].ToString();
            if (value.Length == 0 || !HeaderForwarding.MayForward(name) || HoldsPlatformKey(value, platformKey))
            {
                continue;
            }

            captured[name] = value;
        }

        return captured;
    }

    private static bool HoldsPlatformKey(string value, string? presented) =>
        (presented is { Length: > 0 } && value.Contains(presented, StringComparison.Ordinal))
        || value.Contains(ApiKeyFormat.Prefix + ".", StringComparison.Ordinal);
}
