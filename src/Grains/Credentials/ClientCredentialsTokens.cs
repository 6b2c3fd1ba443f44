using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpPlatform.Contracts.Registry;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Dispatch.Network;

namespace McpPlatform.Grains.Credentials;

/// <summary>
/// OAuth 2.0 client-credentials tokens (RFC 6749 §4.4), cached in this silo's memory until shortly before they expire.
/// One fetch at a time per credential: concurrent calls wait for it instead of each asking the token endpoint.
/// A silo that starts (or a grain that moves) fetches its own token; that costs one request, never correctness.
/// </summary>
public sealed class ClientCredentialsTokens(IHttpClientFactory httpClients, TimeProvider clock)
{
    /// <summary>Used when the token endpoint does not say how long its token lives.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(30);
    private const int MaxTokenResponseBytes = 64 * 1024;
    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    public async Task<AccessTokenResult> GetAsync(UpstreamAuth auth, string clientSecret, string cacheKey, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(CacheKey(auth, cacheKey), _ => new Slot());
        if (slot.TryGet(clock.GetUtcNow()) is { } cached)
        {
            return new AccessTokenResult(cached, null);
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate before may have fetched it already.
            var now = clock.GetUtcNow();
            if (slot.TryGet(now) is { } fresh)
            {
                return new AccessTokenResult(fresh, null);
            }

            var fetched = await FetchAsync(auth, clientSecret, cancellationToken);
            if (fetched.Token is not null)
            {
                var lifetime = fetched.Lifetime ?? DefaultLifetime;
                var margin = TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, lifetime.Ticks / 5));
                slot.Set(fetched.Token, now + lifetime - margin);
                ForgetExpired(now);
            }

            return fetched.Result;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>The API refused the token (401): it may have been revoked, so the next call fetches a new one.</summary>
    public void Invalidate(UpstreamAuth auth, string cacheKey)
    {
        if (slots.TryGetValue(CacheKey(auth, cacheKey), out var slot))
        {
            slot.Clear();
        }
    }

    private async Task<(AccessTokenResult Result, string? Token, TimeSpan? Lifetime)> FetchAsync(UpstreamAuth auth, string clientSecret, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (auth.Scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', auth.Scopes)));
        }

        if (auth.Audience is { } audience)
        {
            form.Add(new("audience", audience));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, auth.TokenUrl);
        if (auth.ClientAuthentication == ClientAuthenticationMethod.RequestBody)
        {
            form.Add(new("client_id", auth.ClientId!));
            form.Add(new("client_secret", clientSecret));
        }
        else
        {
            // RFC 6749 §2.3.1: both parts form-urlencoded before they are joined.
            var pair = $"{Uri.EscapeDataString(auth.ClientId!)}:{Uri.EscapeDataString(clientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var endpoint = auth.TokenUrl!;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientNames.Tokens).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await BoundedBody.ReadAsync(response.Content, MaxTokenResponseBytes, cancellationToken) ?? [];
            if (!response.IsSuccessStatusCode)
            {
                return (AccessTokenResult.Failed($"The token endpoint {endpoint} answered HTTP {(int)response.StatusCode}{OAuthError(body)}. " +
                    "Check the API's auth settings (clientId, clientSecret, scopes, audience)."), null, null);
            }

            return Parse(body, endpoint);
        }
        catch (HttpRequestException e) when (UpstreamAddressRefusedException.Find(e) is { } refused)
        {
            return (AccessTokenResult.Failed($"The platform refused to call the token endpoint: {refused.Message}"), null, null);
        }
        catch (HttpRequestException e)
        {
            return (AccessTokenResult.Failed($"The token endpoint {endpoint} could not be reached: {e.Message}", unreachable: true), null, null);
        }
    }

    private static (AccessTokenResult Result, string? Token, TimeSpan? Lifetime) Parse(byte[] body, string endpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 } accessToken)
            {
                return (AccessTokenResult.Failed($"The token endpoint {endpoint} answered without an access_token."), null, null);
            }

            if (root.TryGetProperty("token_type", out var type) && type.ValueKind == JsonValueKind.String
                && !string.Equals(type.GetString(), "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return (AccessTokenResult.Failed($"The token endpoint {endpoint} issued a '{type.GetString()}' token; only Bearer tokens are supported."), null, null);
            }

            TimeSpan? lifetime = root.TryGetProperty("expires_in", out var expires) && ReadSeconds(expires) is { } seconds && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
            return (new AccessTokenResult(accessToken, null), accessToken, lifetime);
        }
        catch (JsonException)
        {
            return (AccessTokenResult.Failed($"The token endpoint {endpoint} did not answer with JSON."), null, null);
        }
    }

    private static double? ReadSeconds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The standard error fields (RFC 6749 §5.2), which say what is wrong without echoing credentials.</summary>
    private static string OAuthError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var description = root.TryGetProperty("error_description", out var text) && text.ValueKind == JsonValueKind.String ? $": {text.GetString()}" : "";
                var message = $" ({error.GetString()}{description})";
                return message.Length <= 300 ? message : string.Concat(message.AsSpan(0, 300), "…)");
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (key, slot) in slots)
        {
            if (slot.IsStale(now))
            {
                slots.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Everything the token depends on, hashed: a changed client, scope or secret gets a token of its own.</summary>
    private static string CacheKey(UpstreamAuth auth, string owner)
    {
        var material = string.Join('\n', owner, auth.TokenUrl, auth.ClientId, string.Join(' ', auth.Scopes), auth.Audience, auth.ClientAuthentication, auth.SealedSecret);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private sealed class Slot
    {
        private static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromMinutes(10);
        private Held? current;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string? TryGet(DateTimeOffset now) => current is { } held && now < held.RefreshAt ? held.Token : null;

        public void Set(string token, DateTimeOffset refreshAt) => current = new Held(token, refreshAt);

        public void Clear() => current = null;

        public bool IsStale(DateTimeOffset now) => current is { } held && now > held.RefreshAt + KeepAfterExpiry;

        // A reference, so readers outside the gate never see half of an update.
        private sealed record Held(string Token, DateTimeOffset RefreshAt);
    }
}
