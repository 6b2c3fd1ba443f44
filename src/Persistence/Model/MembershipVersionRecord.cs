namespace McpPlatform.Persistence.Model;

/// <summary>The membership table version of one cluster, bumped atomically with every row insert/update.</summary>
public sealed class MembershipVersionRecord
{
    public required string ClusterId { get; set; }

    public int Version { get; set; }

    public DateTime UpdatedAt { get; set; }
}
