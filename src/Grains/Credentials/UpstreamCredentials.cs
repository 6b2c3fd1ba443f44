using System.Text;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Registry;
using McpPlatform.Grains.Registry;

namespace McpPlatform.Grains.Credentials;

/// <summary>Puts an API's credentials on an upstream request, opening its sealed secret only for the moment it is used.</summary>
public sealed class UpstreamCredentials(SecretProtector protector, ClientCredentialsTokens tokens)
{
    private const string Authorization = "Authorization";

    /// <returns>Null when the request is ready (with credentials, or the API has none); otherwise the error for the agent.</returns>
    public async ValueTask<ToolCallResult?> ApplyAsync(HttpRequestMessage request, string tenantId, UpstreamTarget api, CancellationToken cancellationToken)
    {
        if (api.Options.Auth is not { Kind: not UpstreamAuthKind.None } auth)
        {
            return null;
        }

        var context = ApiCredentialSealer.Context(tenantId, api.Id);
        string? error = "no secret is stored";
        if (auth.SealedSecret is null || !protector.TryOpen(auth.SealedSecret, context, out var secret, out error))
        {
            return ToolCallResult.Error(ToolCallOutcome.UpstreamRefused,
                $"The platform cannot use this API's credentials ({error}); nothing was sent. The tenant's admin should register the API's auth again.");
        }

        switch (auth.Kind)
        {
            case UpstreamAuthKind.ApiKey when auth.In == ApiKeyLocation.Query:
                request.RequestUri = WithQueryParameter(request.RequestUri!, auth.Name!, secret);
                break;
            case UpstreamAuthKind.ApiKey:
                SetHeader(request, auth.Name!, secret);
                break;
            case UpstreamAuthKind.Bearer:
                SetHeader(request, Authorization, "Bearer " + secret);
                break;
            case UpstreamAuthKind.Basic:
                SetHeader(request, Authorization, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{secret}")));
                break;
            case UpstreamAuthKind.OAuth2ClientCredentials:
                var token = await tokens.GetAsync(auth, secret, context, cancellationToken);
                if (token.Token is null)
                {
                    return ToolCallResult.Error(token.Unreachable ? ToolCallOutcome.UpstreamUnavailable : ToolCallOutcome.UpstreamError,
                        $"Could not get an access token for this API, so it was not called. {token.Error}");
                }

                SetHeader(request, Authorization, "Bearer " + token.Token);
                break;
        }

        return null;
    }

    /// <summary>The API answered 401: a cached OAuth token may have been revoked before its time, so it is not used again.</summary>
    public void Rejected(string tenantId, UpstreamTarget api)
    {
        if (api.Options.Auth is { Kind: UpstreamAuthKind.OAuth2ClientCredentials } auth)
        {
            tokens.Invalidate(auth, ApiCredentialSealer.Context(tenantId, api.Id));
        }
    }

    private static void SetHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static Uri WithQueryParameter(Uri uri, string name, string value)
    {
        var pair = $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
        return new Uri(uri.AbsoluteUri + (uri.Query.Length > 1 ? "&" : "?") + pair, UriKind.Absolute);
    }
}
