using System.Security.Cryptography;
using McpPlatform.Contracts.Results;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Results;

public sealed class LinkSigningKeyState
{
    public byte[] Key { get; set; } = [];
}

public sealed class LinkSigningKeyGrain(
    [PersistentState("link-signing-key", StorageNames.Platform)] IPersistentState<LinkSigningKeyState> state) : Grain, ILinkSigningKeyGrain
{
    public async Task<byte[]> GetKeyAsync()
    {
        if (state.State.Key.Length == 0)
        {
            state.State.Key = RandomNumberGenerator.GetBytes(32);
            await state.WriteStateAsync();
        }

        return state.State.Key;
    }
}
