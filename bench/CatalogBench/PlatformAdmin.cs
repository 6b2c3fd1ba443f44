using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpPlatform.Bench.Catalog;

/// <summary>The admin API as the operator: tenants, their agent keys, and inline API registrations.</summary>
public sealed class PlatformAdmin(HttpClient http, string operatorKey)
{
    public async Task CreateTenantAsync(string tenant)
    {
        using var response = await SendAsync(HttpMethod.Post, "/admin/v1/tenants", JsonContent.Create(new { id = tenant }));
        await EnsureSuccessAsync(response, $"create tenant {tenant}");
    }

    /// <summary>A new agent key of the tenant (the secret is only shown here).</summary>
    public async Task<string> CreateAgentKeyAsync(string tenant)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant}/keys", JsonContent.Create(new { name = "bench", role = "agent" }));
        await EnsureSuccessAsync(response, $"create a key of {tenant}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Registers <paramref name="document"/> as API <paramref name="api"/>; returns how long the PUT took and the tools it made.</summary>
    public async Task<(TimeSpan Elapsed, int Tools)> RegisterAsync(string tenant, string api, BenchDocument document)
    {
        using var content = new ByteArrayContent(document.RegistrationBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{tenant}/apis/{api}", content);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed;
        await EnsureSuccessAsync(response, $"register {document.Name} in {tenant}");
        using var parsed = JsonDocument.Parse(body);
        return (elapsed, parsed.RootElement.GetProperty("tools").GetArrayLength());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        return await http.SendAsync(request);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
