namespace McpPlatform.Persistence.Model;

/// <summary>One silo's row in the Orleans membership table.</summary>
public sealed class MembershipSiloRecord
{
    public required string ClusterId { get; set; }

    /// <summary><c>SiloAddress.ToParsableString()</c> (endpoint and generation).</summary>
    public required string SiloAddress { get; set; }

    public required string SiloName { get; set; }

    public required string HostName { get; set; }

    public string? RoleName { get; set; }

    /// <summary><c>Orleans.Runtime.SiloStatus</c> as its numeric value.</summary>
    public int Status { get; set; }

    /// <summary>Gateway port clients connect to; 0 when the silo is not a gateway.</summary>
    public int ProxyPort { get; set; }

    public int UpdateZone { get; set; }

    public int FaultZone { get; set; }

    /// <summary>JSON array of suspicions (suspecting silo and time).</summary>
    public string? SuspectTimes { get; set; }

    public DateTime StartTime { get; set; }

    public DateTime IAmAliveTime { get; set; }

    /// <summary>Row etag checked by UpdateRow; IAmAlive updates leave it unchanged.</summary>
    public required string ETag { get; set; }
}
