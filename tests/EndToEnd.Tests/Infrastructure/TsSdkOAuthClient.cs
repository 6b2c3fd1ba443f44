using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One session of the official TypeScript SDK client that signs in with OAuth (<c>tests/clients/mcp-oauth-session.mjs</c>):
/// 401 → discovery → registration (unless a client is given) → headless authorize → token → MCP with the Bearer token.
/// The result has the usual <c>results</c> and an <c>auth</c> object: <c>clientId</c>, <c>registered</c>, the decoded
/// <c>accessToken</c> and <c>requests</c>, every HTTP request in order (see <see cref="Trail"/>).
/// Steps are built with <see cref="NodeMcpSession.ListTools"/>, <see cref="NodeMcpSession.CallTool"/>, ….
/// </summary>
public static class TsSdkOAuthClient
{
    /// <summary>Nothing listens there: the script takes the code from the redirect's Location.</summary>
    public const string DefaultRedirectUri = "http://127.0.0.1:1/callback";

    /// <summary>Runs the session, failing the test unless it succeeds.</summary>
    /// <param name="clientInformation">A pre-registered client (<c>{"client_id":…,"client_secret"?:…}</c>); null: the SDK registers one.</param>
    public static Task<JsonElement> RunAsync(string url, JsonObject? clientInformation, params JsonObject[] steps) =>
        NodeScript.RunPlanExpectOkAsync("mcp-oauth-session.mjs", Plan(url, clientInformation, steps), TimeSpan.FromSeconds(90));

    /// <summary>Runs any plan (see the script's header) and returns its document, ok or not.</summary>
    public static async Task<JsonElement> RunPlanAsync(JsonObject plan) =>
        (await NodeScript.RunPlanAsync("mcp-oauth-session.mjs", plan, TimeSpan.FromSeconds(90))).Document;

    public static JsonObject Plan(string url, JsonObject? clientInformation, params JsonObject[] steps)
    {
        var plan = new JsonObject
        {
            ["url"] = url,
            ["redirectUri"] = DefaultRedirectUri,
            ["timeoutMs"] = 60_000,
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()),
        };
        if (clientInformation is not null)
        {
            plan["clientInformation"] = clientInformation.DeepClone();
        }

        return plan;
    }

    /// <summary>
    /// <c>auth.requests</c> as one short line each, for asserting the order: "METHOD host-relative-path STATUS", plus
    /// " bearer" when the request carried a token; <paramref name="hosts"/> maps a URL origin to a name, e.g.
    /// {issuer origin: "issuer"}; other origins stay as they are. Interaction and resume uids become {uid}.
    /// </summary>
    public static IReadOnlyList<string> Trail(JsonElement session, IReadOnlyDictionary<string, string> hosts) =>
        session.GetProperty("auth").GetProperty("requests").EnumerateArray().Select(r =>
        {
            var url = new Uri(r.GetProperty("url").GetString()!);
            var origin = url.GetLeftPart(UriPartial.Authority);
            var path = System.Text.RegularExpressions.Regex.Replace(url.AbsolutePath, "/(interaction|auth)/[^/]+$", "/$1/{uid}");
            var bearer = r.TryGetProperty("bearer", out var b) && b.GetBoolean() ? " bearer" : "";
            return $"{r.GetProperty("method").GetString()} {hosts.GetValueOrDefault(origin, origin)}{path} {r.GetProperty("status")}{bearer}";
        }).ToList();
}
