namespace McpPlatform.Grains.Hosting;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the grain's state and writes it; if the write fails, memory keeps the previous
    /// state, so the grain never serves what the system of record does not hold.
    /// </summary>
    public static async Task ReplaceAsync<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
