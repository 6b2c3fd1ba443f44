using McpPlatform.Contracts.Tenants;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Tenants;

public sealed class TenantDirectoryState
{
    public SortedSet<string> TenantIds { get; set; } = new(StringComparer.Ordinal);
}

public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", StorageNames.Platform)] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    public async Task AddAsync(string tenantId)
    {
        if (state.State.TenantIds.Add(tenantId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string tenantId)
    {
        if (state.State.TenantIds.Remove(tenantId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.TenantIds.ToList());
}
