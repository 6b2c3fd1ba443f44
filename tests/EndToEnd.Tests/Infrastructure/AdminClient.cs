using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>The admin REST API as a test drives it, against one frontend.</summary>
public sealed class AdminClient(string baseUrl, string key) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public async Task CreateTenantAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id, displayName = id });
        await ExpectAsync(response, HttpStatusCode.Created);
    }

    public async Task<string> CreateKeyAsync(string tenant, string name, string role)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant}/keys", new { name, role });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return body.GetProperty("key").GetString()!;
    }

    public async Task<JsonElement> RegisterApiByUrlAsync(string tenant, string api, string openApiUrl)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{tenant}/apis/{api}", new { openApiUrl });
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}
