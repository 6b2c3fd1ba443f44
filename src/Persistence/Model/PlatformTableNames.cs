namespace McpPlatform.Persistence.Model;

/// <summary>Schema and table names; one place so SQL, migrations and tests agree.</summary>
public static class PlatformTableNames
{
    /// <summary>PostgreSQL schema holding every platform table (SQLite has no schemas).</summary>
    public const string Schema = "mcp";

    public const string MigrationsHistory = "__ef_migrations_history";
    public const string GrainState = "grain_state";
    public const string MembershipSilos = "membership_silo";
    public const string MembershipVersions = "membership_version";
    public const string ToolCallAudit = "tool_call_audit";
}
