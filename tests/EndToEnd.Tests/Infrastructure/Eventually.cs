using System.Diagnostics;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>Retries an action while a cluster heals (e.g. until membership declares a killed silo dead).</summary>
public static class Eventually
{
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> action, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception) when (clock.Elapsed < timeout)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
