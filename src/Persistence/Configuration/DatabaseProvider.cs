namespace McpPlatform.Persistence;

/// <summary>Which database engine holds the system of record.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file: single-process quick start.</summary>
    Sqlite,

    /// <summary>Shared PostgreSQL server: clustered deployment.</summary>
    Postgres,
}
