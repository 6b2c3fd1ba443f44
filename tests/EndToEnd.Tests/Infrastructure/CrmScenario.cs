using System.Text.Json;
using System.Text.Json.Nodes;
using static McpPlatform.EndToEnd.Tests.Infrastructure.NodeMcpSession;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>The walk-through of the README, as assertions: a tenant, its keys, the sample API, an agent.</summary>
public static class CrmScenario
{
    public const string Tenant = "acme";
    public const string Api = "crm";

    public static async Task<(string AgentKey, string AdminKey)> CreateTenantAndKeysAsync(string frontend)
    {
        using var admin = new AdminClient(frontend, PlatformProcesses.OperatorKey);
        await admin.CreateTenantAsync(Tenant);
        var agentKey = await admin.CreateKeyAsync(Tenant, "agent-1", "agent");
        var adminKey = await admin.CreateKeyAsync(Tenant, "admin-1", "admin");
        return (agentKey, adminKey);
    }

    public static async Task<JsonElement> RegisterCrmAsync(string frontend, string tenantAdminKey, string crmBaseUrl)
    {
        using var admin = new AdminClient(frontend, tenantAdminKey);
        var registered = await admin.RegisterApiByUrlAsync(Tenant, Api, crmBaseUrl + "/openapi/v1.json");
        var tools = registered.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("listContacts", tools);
        Assert.Contains("createContact", tools);
        Assert.Contains("createTicket", tools);
        return registered;
    }

    public static string McpUrl(string frontend) => $"{frontend}/t/{Tenant}/mcp";

    /// <summary>The tenant's legacy (2024-11-05 HTTP+SSE) stream URL.</summary>
    public static string SseUrl(string frontend) => $"{frontend}/t/{Tenant}/sse";

    /// <summary>Lists tools, writes a contact through one tool and reads it back through another.</summary>
    public static async Task<JsonElement> WriteThenReadAsync(IReadOnlyList<string> frontends, string agentKey, string email)
    {
        var session = await RunAsync(frontends.Select(McpUrl).ToList(), agentKey, WriteThenReadSteps(email));
        AssertWrittenThenRead(session, email);
        return session;
    }

    /// <summary>
    /// The same over legacy HTTP+SSE: the stream held by <paramref name="streamFrontend"/>, every POST sent to
    /// <paramref name="postFrontend"/>.
    /// </summary>
    public static async Task<JsonElement> WriteThenReadOverLegacySseAsync(string streamFrontend, string postFrontend, string agentKey, string email)
    {
        var session = await RunLegacySseAsync([SseUrl(streamFrontend), SseUrl(postFrontend)], agentKey, "2024-11-05", WriteThenReadSteps(email));
        AssertWrittenThenRead(session, email);
        return session;
    }

    private static JsonObject[] WriteThenReadSteps(string email) =>
    [
        ListTools(),
        CallTool("createContact", new JsonObject { ["name"] = "Test Person", ["email"] = email, ["company"] = "Acme" }),
        CallTool("listContacts", new JsonObject { ["q"] = email }),
        CallToolExpectError("noSuchTool"),
    ];

    private static void AssertWrittenThenRead(JsonElement session, string email)
    {
        var results = session.GetProperty("results");

        var toolNames = results[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("listContacts", toolNames);
        Assert.Contains("getContact", toolNames);

        var created = results[1];
        Assert.False(created.TryGetProperty("isError", out var isError) && isError.GetBoolean(), created.ToString());
        Assert.Equal(email, created.GetProperty("structuredContent").GetProperty("email").GetString());

        var listed = results[2];
        Assert.Contains(email, listed.GetProperty("content")[0].GetProperty("text").GetString());
        var contacts = listed.GetProperty("structuredContent").EnumerateObject().First().Value;
        Assert.Contains(contacts.EnumerateArray(), c => c.GetProperty("email").GetString() == email);

        Assert.Equal(-32602, results[3].GetProperty("error").GetProperty("code").GetInt32());
    }

    /// <summary>The frontends each request of the session went to, in order.</summary>
    public static IReadOnlyList<string> FrontendsUsed(JsonElement session) =>
        session.GetProperty("requests").EnumerateArray()
            .Select(r => new Uri(r.GetProperty("url").GetString()!).GetLeftPart(UriPartial.Authority))
            .ToList();
}
