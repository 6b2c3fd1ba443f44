using Orleans;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Tests;

public interface IProfileGrain : IGrainWithStringKey
{
    /// <summary>Persists the name and returns the identity of the silo that holds the activation.</summary>
    Task<string> SetNameAsync(string name);

    Task<string?> GetNameAsync();

    Task<string> GetSiloAsync();
}

/// <summary>Tiny grain whose state goes through the default (platform) grain storage.</summary>
public sealed class ProfileGrain([PersistentState("profile")] IPersistentState<ProfileState> profile) : Grain, IProfileGrain
{
    public async Task<string> SetNameAsync(string name)
    {
        profile.State.Name = name;
        profile.State.Writes++;
        await profile.WriteStateAsync();
        return RuntimeIdentity;
    }

    public Task<string?> GetNameAsync() => Task.FromResult(profile.State.Name);

    public Task<string> GetSiloAsync() => Task.FromResult(RuntimeIdentity);
}
