using System.Text;

namespace McpPlatform.Contracts.Registry;

/// <summary>How the platform authenticates to a tenant's API (admin API <c>auth</c>).</summary>
/// <remarks>Stored as numbers: never renumber.</remarks>
public enum UpstreamAuthKind
{
    None = 0,
    /// <summary>A fixed key in a header or query parameter of the tenant's choosing.</summary>
    ApiKey = 1,
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> with a fixed token.</summary>
    Bearer = 2,
    /// <summary><c>Authorization: Basic</c> with a user name and password.</summary>
    Basic = 3,
    /// <summary>OAuth 2.0 client credentials: a token is fetched from the token endpoint, cached and refreshed.</summary>
    OAuth2ClientCredentials = 4,
}

/// <remarks>Stored as numbers: never renumber.</remarks>
public enum ApiKeyLocation
{
    Header = 0,
    Query = 1,
}

/// <summary>How the client authenticates to the OAuth 2.0 token endpoint (RFC 6749 §2.3.1).</summary>
/// <remarks>Stored as numbers: never renumber.</remarks>
public enum ClientAuthenticationMethod
{
    /// <summary>HTTP Basic with the client id and secret (<c>client_secret_basic</c>).</summary>
    Basic = 0,
    /// <summary>The client id and secret as form fields (<c>client_secret_post</c>).</summary>
    RequestBody = 1,
}

/// <summary>
/// An API's upstream credentials. The secret (API key, token, password or client secret) crosses from the admin API
/// to the registry as <see cref="Secret"/> only; the registry keeps it sealed in <see cref="SealedSecret"/> and
/// never returns either.
/// </summary>
[GenerateSerializer]
public sealed record UpstreamAuth
{
    [Id(0)] public UpstreamAuthKind Kind { get; init; }

    /// <summary>API key: the header or query parameter name.</summary>
    [Id(1)] public string? Name { get; init; }

    [Id(2)] public ApiKeyLocation In { get; init; }

    /// <summary>Basic: the user name.</summary>
    [Id(3)] public string? Username { get; init; }

    /// <summary>Client credentials: the token endpoint.</summary>
    [Id(4)] public string? TokenUrl { get; init; }

    [Id(5)] public string? ClientId { get; init; }

    [Id(6)] public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Client credentials: the <c>audience</c> form field some providers want (Auth0, …); not sent when null.</summary>
    [Id(7)] public string? Audience { get; init; }

    [Id(8)] public ClientAuthenticationMethod ClientAuthentication { get; init; }

    /// <summary>The secret in clear, as the tenant sent it; null means "keep the stored one". Never stored, never returned.</summary>
    [Id(9)] public string? Secret { get; init; }

    /// <summary>The secret encrypted with the platform's key, as stored.</summary>
    [Id(10)] public string? SealedSecret { get; init; }

    /// <summary>The header this credential sets, which no forwarded or static header may also set.</summary>
    public string? HeaderName => Kind switch
    {
        UpstreamAuthKind.ApiKey when In == ApiKeyLocation.Header => Name,
        UpstreamAuthKind.Bearer or UpstreamAuthKind.Basic or UpstreamAuthKind.OAuth2ClientCredentials => "Authorization",
        _ => null,
    };

    /// <summary>The admin API's name for this kind's secret.</summary>
    public static string SecretFieldOf(UpstreamAuthKind kind) => kind switch
    {
        UpstreamAuthKind.ApiKey => "value",
        UpstreamAuthKind.Basic => "password",
        UpstreamAuthKind.OAuth2ClientCredentials => "clientSecret",
        _ => "token",
    };

    /// <summary>Without the secret in either form, so the record can be shown or logged.</summary>
    public UpstreamAuth WithoutSecrets() => this with { Secret = null, SealedSecret = null };

    // Records print every property; a secret must never reach a log line that way.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Kind = ").Append(Kind);
        if (Name is not null)
        {
            builder.Append(", Name = ").Append(Name).Append(", In = ").Append(In);
        }

        builder.Append(", Secret = ").Append(Secret is null && SealedSecret is null ? "(none)" : "(redacted)");
        return true;
    }
}
