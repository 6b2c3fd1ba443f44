using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>Sends admin API requests with one key and reads JSON answers.</summary>
public sealed class AdminApiClient(HttpClient http, string? key) : IDisposable
{
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        request.Content = body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body),
        };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, text);
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PutApiAsync(string tenant, string api, object body) => SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{tenant}/apis/{api}", body);

    public async Task CreateTenantAsync(string id) =>
        (await SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id, displayName = id })).Expect(HttpStatusCode.Created);

    public async Task<string> CreateKeyAsync(string tenant, string name, string role) =>
        (await SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant}/keys", new { name, role }))
            .Expect(HttpStatusCode.Created).GetProperty("key").GetString()!;

    public void Dispose() => http.Dispose();
}

public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, HttpResponseHeaders Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public JsonElement Expect(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"expected {(int)expected}, got {(int)Status}: {Body}");
        return Body.Length == 0 ? default : Json;
    }

    /// <summary>Asserts an RFC 9457 problem with the status and a detail that mentions <paramref name="detailContains"/>.</summary>
    public JsonElement ExpectProblem(HttpStatusCode expected, string? detailContains = null)
    {
        Assert.True(Status == expected, $"expected {(int)expected}, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", MediaType);
        var problem = Json;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }
}
