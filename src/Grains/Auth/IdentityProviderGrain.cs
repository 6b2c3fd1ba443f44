using System.Text.Json;
using McpPlatform.Contracts.Auth;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Dispatch.Network;
using McpPlatform.Grains.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Auth;

public sealed partial class IdentityProviderGrain(
    DocumentFetcher fetcher,
    IHttpClientFactory httpClients,
    IOptions<IdentityProviderOptions> options,
    TimeProvider clock,
    ILogger<IdentityProviderGrain> logger) : Grain, IIdentityProviderGrain
{
    private IdentityProviderMetadata current = null!;
    private DateTimeOffset lastAttempt = DateTimeOffset.MinValue;

    private string Issuer => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        current = new IdentityProviderMetadata { Issuer = Issuer };
        return Task.CompletedTask;
    }

    public async Task<IdentityProviderMetadata> GetAsync()
    {
        var now = clock.GetUtcNow();
        var stale = current.JwksJson is null || now - current.FetchedAt >= options.Value.MetadataLifetime;
        if (stale && now - lastAttempt >= options.Value.MinRefreshInterval)
        {
            await FetchAsync();
        }

        return current;
    }

    public async Task<IdentityProviderMetadata> RefreshAsync(long knownRevision)
    {
        if (current.Revision <= knownRevision && clock.GetUtcNow() - lastAttempt >= options.Value.MinRefreshInterval)
        {
            await FetchAsync();
        }

        return current;
    }

    /// <summary>Token responses are small; anything bigger is not one.</summary>
    private const int MaxTokenResponseBytes = 64 * 1024;

    private static readonly TimeSpan TokenRequestTimeout = TimeSpan.FromSeconds(15);

    public async Task<ProviderTokenResponse> RequestTokenAsync(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var endpoint = (await GetAsync()).TokenEndpoint;
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return new ProviderTokenResponse(0, null, "", $"The identity provider {Issuer} names no token endpoint: {current.Error ?? "none in its metadata"}");
        }

        using var timeout = new CancellationTokenSource(TokenRequestTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientNames.Tokens)
                .PostAsync(uri, new FormUrlEncodedContent(form), timeout.Token);
            var body = await BoundedBody.ReadAsync(response.Content, MaxTokenResponseBytes, timeout.Token);
            return body is null
                ? new ProviderTokenResponse(0, null, "", $"The token endpoint of {Issuer} answered more than {MaxTokenResponseBytes} bytes.")
                : new ProviderTokenResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), System.Text.Encoding.UTF8.GetString(body));
        }
        catch (OperationCanceledException)
        {
            return new ProviderTokenResponse(0, null, "", $"The token endpoint of {Issuer} did not answer within {TokenRequestTimeout.TotalSeconds} s.");
        }
        catch (HttpRequestException e)
        {
            return new ProviderTokenResponse(0, null, "", $"The token endpoint of {Issuer} could not be reached: {UpstreamAddressRefusedException.Find(e)?.Message ?? e.Message}");
        }
    }

    private async Task FetchAsync()
    {
        lastAttempt = clock.GetUtcNow();
        var (fetched, error) = await DiscoverAsync();
        if (fetched is null)
        {
            LogFetchFailed(Issuer, error!);
            current = current with { Error = error };
            return;
        }

        current = fetched with { Revision = current.Revision + 1, FetchedAt = clock.GetUtcNow() };
    }

    /// <summary>OpenID Connect discovery first, then RFC 8414 (whose well-known path goes before the issuer's path).</summary>
    private async Task<(IdentityProviderMetadata? Metadata, string? Error)> DiscoverAsync()
    {
        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer))
        {
            return (null, $"The issuer '{Issuer}' is not an absolute URL.");
        }

        var path = issuer.AbsolutePath.TrimEnd('/');
        var origin = issuer.GetLeftPart(UriPartial.Authority);
        string[] candidates = [$"{origin}{path}/.well-known/openid-configuration", $"{origin}/.well-known/oauth-authorization-server{path}"];
        var errors = new List<string>();
        foreach (var url in candidates)
        {
            var document = await fetcher.FetchAsync(url);
            if (document.Error is not null)
            {
                errors.Add(document.Error);
                continue;
            }

            var (metadata, problem) = Read(document.Text!);
            if (metadata is null)
            {
                errors.Add($"{url}: {problem}");
                continue;
            }

            var keys = await fetcher.FetchAsync(metadata.JwksJson!);
            if (keys.Error is not null)
            {
                return (null, $"The signing keys of {Issuer} could not be fetched: {keys.Error}");
            }

            if (!LooksLikeKeySet(keys.Text!))
            {
                return (null, $"{metadata.JwksJson} is not a JSON Web Key Set.");
            }

            return (metadata with { JwksJson = keys.Text }, null);
        }

        return (null, $"No authorization-server metadata for {Issuer}: {string.Join("; ", errors)}");
    }

    /// <summary>The metadata with its <c>jwks_uri</c> in <see cref="IdentityProviderMetadata.JwksJson"/> (until the keys replace it).</summary>
    private (IdentityProviderMetadata? Metadata, string? Problem) Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "not a JSON object");
            }

            var issuer = Text(root, "issuer");
            if (issuer is null || !SameIssuer(issuer, Issuer))
            {
                // RFC 8414 §3.3: metadata naming another issuer must not be used.
                return (null, $"its issuer is '{issuer}', not '{Issuer}'");
            }

            if (Text(root, "jwks_uri") is not { } jwksUri || !Uri.TryCreate(jwksUri, UriKind.Absolute, out _))
            {
                return (null, "it has no jwks_uri");
            }

            return (new IdentityProviderMetadata
            {
                Issuer = issuer,
                JwksJson = jwksUri,
                AuthorizationEndpoint = Text(root, "authorization_endpoint"),
                TokenEndpoint = Text(root, "token_endpoint"),
                RegistrationEndpoint = Text(root, "registration_endpoint"),
                ScopesSupported = Strings(root, "scopes_supported"),
                CodeChallengeMethodsSupported = Strings(root, "code_challenge_methods_supported"),
            }, null);
        }
        catch (JsonException e)
        {
            return (null, $"not JSON ({e.Message})");
        }
    }

    private static bool SameIssuer(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    private static bool LooksLikeKeySet(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity provider {Issuer}: {Error}")]
    private partial void LogFetchFailed(string issuer, string error);
}
