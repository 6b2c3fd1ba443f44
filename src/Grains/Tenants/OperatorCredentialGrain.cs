using McpPlatform.Contracts.Tenants;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Tenants;

public sealed class OperatorCredentialState
{
    public string? Salt { get; set; }
    public string? Hash { get; set; }
}

public sealed class OperatorCredentialGrain(
    [PersistentState("operator-credential", StorageNames.Platform)] IPersistentState<OperatorCredentialState> state)
    : Grain, IOperatorCredentialGrain
{
    private const string KeyPrefix = "mcpo.";

    public async Task<string?> EnsureGeneratedAsync()
    {
        if (state.State.Hash is not null)
        {
            return null;
        }

        var key = KeyPrefix + SecretHasher.NewSecret();
        (state.State.Salt, state.State.Hash) = SecretHasher.Hash(key);
        await state.WriteStateAsync();
        return key;
    }

    public Task<bool> VerifyAsync(string presentedKey) =>
        Task.FromResult(state.State is { Salt: { } salt, Hash: { } hash } && SecretHasher.Verify(presentedKey, salt, hash));
}
