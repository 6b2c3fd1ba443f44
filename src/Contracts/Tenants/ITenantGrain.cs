using McpPlatform.Contracts.RateLimiting;

namespace McpPlatform.Contracts.Tenants;

/// <summary>One tenant: its settings and its API keys (stored as salted hashes). Key: tenant id.</summary>
public interface ITenantGrain : IGrainWithStringKey
{
    Task<TenantInfo?> GetAsync();

    /// <returns>False when the tenant already exists.</returns>
    Task<bool> CreateAsync(TenantSettings settings);

    /// <summary>Changes settings; a new tool-name limit rebuilds the tenant's tools first and is refused if names would collide.</summary>
    Task<TenantUpdateOutcome> UpdateAsync(TenantSettings update);

    /// <summary>Deletes the tenant, its keys and its registered APIs.</summary>
    /// <returns>False when there was no such tenant.</returns>
    Task<bool> DeleteAsync();

    /// <returns>The new key with its secret (the only time the secret is returned), or null when the tenant does not exist.</returns>
    Task<CreatedApiKey?> CreateKeyAsync(string name, ApiKeyRole role);

    Task<IReadOnlyList<ApiKeyInfo>?> ListKeysAsync();

    Task<bool> RevokeKeyAsync(string keyId);

    /// <summary>The tenant's own budgets (null: none set, or no such tenant). Interleaved: the rate-limit grain asks while the tenant may be telling it.</summary>
    [AlwaysInterleave]
    Task<TenantRateLimits?> GetRateLimitsAsync();

    /// <summary>How agents sign in (the default for a tenant that set nothing; null: no such tenant). Asked by frontends on the hot path.</summary>
    [AlwaysInterleave]
    Task<TenantAuthSettings?> GetAuthAsync();

    /// <summary>Checks a presented key on the hot path: from memory, never from the database.</summary>
    [AlwaysInterleave]
    Task<ApiKeyInfo?> VerifyKeyAsync(string keyId, string secret);
}

/// <summary>The set of tenant ids, for listing. Key: <see cref="SingletonKey"/>.</summary>
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    const string SingletonKey = "all";

    Task AddAsync(string tenantId);
    Task RemoveAsync(string tenantId);
    Task<IReadOnlyList<string>> ListAsync();
}

/// <summary>The operator key when none is configured: generated once, stored as a salted hash. Key: <see cref="SingletonKey"/>.</summary>
public interface IOperatorCredentialGrain : IGrainWithStringKey
{
    const string SingletonKey = "operator";

    /// <summary>Generates the operator key if none exists yet.</summary>
    /// <returns>The new secret key when this call generated it; null when one existed already.</returns>
    Task<string?> EnsureGeneratedAsync();

    [AlwaysInterleave]
    Task<bool> VerifyAsync(string presentedKey);
}
