namespace McpPlatform.Contracts.Auth;

/// <summary>
/// One identity provider's metadata and signing keys, fetched by a silo (through the platform's address guard) and
/// shared by every frontend, so a cluster asks the provider once rather than once per frontend. In memory only: a new
/// activation fetches again. Key: the issuer identifier.
/// </summary>
public interface IIdentityProviderGrain : IGrainWithStringKey
{
    /// <summary>The current copy, fetched first if there is none or it is older than its lifetime.</summary>
    Task<IdentityProviderMetadata> GetAsync();

    /// <summary>
    /// Fetches again because a token named a key that revision <paramref name="knownRevision"/> lacks (the provider may
    /// have rotated its keys). A newer copy is returned as is; fetches are at least the minimum refresh interval apart,
    /// so tokens with made-up key ids cannot turn the platform against the provider.
    /// </summary>
    Task<IdentityProviderMetadata> RefreshAsync(long knownRevision);

    /// <summary>
    /// Posts a token request (form fields as given) to the provider's token endpoint for the OAuth proxy, from a silo
    /// through the platform's address guard, and returns the provider's answer as it came.
    /// </summary>
    [AlwaysInterleave]
    Task<ProviderTokenResponse> RequestTokenAsync(IReadOnlyList<KeyValuePair<string, string>> form);
}

/// <summary>A token endpoint's answer, passed back to the client unchanged; <see cref="Error"/> when there was none.</summary>
[GenerateSerializer, Immutable]
public sealed record ProviderTokenResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string Body,
    [property: Id(3)] string? Error = null);

/// <summary>What the platform uses of an authorization server's metadata (RFC 8414 / OpenID Connect Discovery).</summary>
[GenerateSerializer, Immutable]
public sealed record IdentityProviderMetadata
{
    [Id(0)] public required string Issuer { get; init; }

    /// <summary>Grows with every successful fetch; 0 until one succeeded.</summary>
    [Id(1)] public long Revision { get; init; }

    /// <summary>The provider's JSON Web Key Set as fetched from its <c>jwks_uri</c>; null until a fetch succeeded.</summary>
    [Id(2)] public string? JwksJson { get; init; }

    [Id(3)] public string? AuthorizationEndpoint { get; init; }

    [Id(4)] public string? TokenEndpoint { get; init; }

    [Id(5)] public string? RegistrationEndpoint { get; init; }

    [Id(6)] public IReadOnlyList<string> ScopesSupported { get; init; } = [];

    [Id(7)] public IReadOnlyList<string> CodeChallengeMethodsSupported { get; init; } = [];

    [Id(8)] public DateTimeOffset FetchedAt { get; init; }

    /// <summary>Why the last fetch failed (the keys of an earlier success are kept and still used).</summary>
    [Id(9)] public string? Error { get; init; }
}
