namespace McpPlatform.Grains.Hosting;

/// <summary>Names of the Orleans storage providers the grains persist to.</summary>
public static class StorageNames
{
    /// <summary>The system of record (EF Core on SQLite or PostgreSQL).</summary>
    public const string Platform = "platform";
}
