using System.Text.Json;
using McpPlatform.EndToEnd.Tests.Infrastructure;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>The tenant's whole audit log, read page by page through the admin API, by JSON-RPC request id.</summary>
public static class AuditTrail
{
    public static async Task<IReadOnlyDictionary<string, JsonElement>> ReadAsync(string frontend, string adminKey, string tenant)
    {
        using var admin = new AdminClient(frontend, adminKey);
        var records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        string? before = null;
        do
        {
            var path = $"/admin/v1/tenants/{tenant}/calls?limit=1000" + (before is null ? "" : "&before=" + Uri.EscapeDataString(before));
            // An admin client sends again after a 5xx, as after a database restart.
            var page = await Eventually.SucceedsAsync(() => admin.GetAsync(path), TimeSpan.FromSeconds(30));
            foreach (var call in page.GetProperty("calls").EnumerateArray())
            {
                if (call.TryGetProperty("requestId", out var id) && id.GetString() is { } requestId)
                {
                    records[requestId] = call;
                }
            }

            before = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (before is not null);

        return records;
    }

    public static bool IsReplay(JsonElement record) =>
        record.TryGetProperty("idempotentReplay", out var replay) && replay.ValueKind == JsonValueKind.True;

    public static bool Succeeded(JsonElement record) => record.GetProperty("outcome").GetString() == "Success";
}
