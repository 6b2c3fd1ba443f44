using McpPlatform.Contracts.Registry;
using McpPlatform.Grains.Registry;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Grains.Credentials;

/// <summary>Turns the credentials of a registration into their stored form: the secret sealed, or the stored one kept.</summary>
public sealed partial class ApiCredentialSealer(SecretProtector protector, ILogger<ApiCredentialSealer> logger)
{
    /// <returns>The options to store, or an error for the tenant when there is no secret to keep.</returns>
    public (ApiOptions? Options, string? Error) Prepare(string tenantId, string apiId, ApiOptions requested, StoredApi? existing)
    {
        if (requested.Auth is not { Kind: not UpstreamAuthKind.None } auth)
        {
            return (requested with { Auth = null }, null);
        }

        if (auth.Secret is { } secret)
        {
            return (requested with { Auth = auth with { Secret = null, SealedSecret = protector.Seal(secret, Context(tenantId, apiId)) } }, null);
        }

        // No secret given: a GET → edit → PUT round trip (the admin API never shows secrets) keeps the stored one,
        // as long as it belongs to the same credential.
        if (existing?.Options.Auth is { SealedSecret: { } kept } stored && SameCredential(stored, auth))
        {
            return (requested with { Auth = auth with { SealedSecret = kept } }, null);
        }

        var field = UpstreamAuth.SecretFieldOf(auth.Kind);
        return (null, $"'auth.{field}' is required: API '{apiId}' has no stored {field} for this kind of credential to keep.");
    }

    /// <summary>Seals again, with the current key, every secret sealed with an older one (after a key rotation).</summary>
    /// <returns>True when the state changed and should be written.</returns>
    public bool ResealWithCurrentKey(string tenantId, RegistryState state)
    {
        var changed = false;
        foreach (var api in state.Apis.Values)
        {
            if (api.Options.Auth is not { SealedSecret: { } sealedSecret } auth || protector.IsCurrent(sealedSecret))
            {
                continue;
            }

            var context = Context(tenantId, api.Id);
            if (protector.TryOpen(sealedSecret, context, out var secret, out var error))
            {
                api.Options = api.Options with { Auth = auth with { SealedSecret = protector.Seal(secret, context) } };
                changed = true;
            }
            else
            {
                LogCannotReseal(logger, tenantId, api.Id, error);
            }
        }

        return changed;
    }

    /// <summary>What a secret is bound to: it opens only for the API it was given for.</summary>
    public static string Context(string tenantId, string apiId) => $"{tenantId}/{apiId}";

    private static bool SameCredential(UpstreamAuth stored, UpstreamAuth requested) =>
        stored.Kind == requested.Kind && requested.Kind switch
        {
            UpstreamAuthKind.Basic => stored.Username == requested.Username,
            UpstreamAuthKind.OAuth2ClientCredentials => stored.ClientId == requested.ClientId && stored.TokenUrl == requested.TokenUrl,
            _ => true,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}, API {ApiId}: the upstream secret could not be sealed again with the current key: {Reason}")]
    private static partial void LogCannotReseal(ILogger logger, string tenantId, string apiId, string reason);
}
