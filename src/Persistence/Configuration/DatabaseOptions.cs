namespace McpPlatform.Persistence;

/// <summary>Database settings, bound from <c>Platform:Database</c> plus <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section bound to this type.</summary>
    public const string SectionName = "Platform:Database";

    /// <summary>Name of the connection string (under <c>ConnectionStrings</c>) used for PostgreSQL.</summary>
    public const string PostgresConnectionStringName = "Postgres";

    /// <summary>File name of the SQLite database inside <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "platform.db";

    public const string DefaultDataDirectory = "./data";

    /// <summary>
    /// Engine to use. Defaults to <see cref="DatabaseProvider.Sqlite"/>, or to <see cref="DatabaseProvider.Postgres"/>
    /// when <c>ConnectionStrings:Postgres</c> is set and no provider is configured explicitly.
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite database file (created on demand). Relative paths resolve against the current directory.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>PostgreSQL connection string; filled from <c>ConnectionStrings:Postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Full path of the SQLite database file.</summary>
    public string SqliteFilePath => Path.Combine(Path.GetFullPath(DataDirectory), SqliteFileName);
}
