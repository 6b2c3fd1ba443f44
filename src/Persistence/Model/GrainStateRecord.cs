namespace McpPlatform.Persistence.Model;

/// <summary>One persisted grain state: JSON payload keyed by service, state name and grain id.</summary>
public sealed class GrainStateRecord
{
    /// <summary>Orleans ServiceId; keeps services that share a database apart.</summary>
    public required string ServiceId { get; set; }

    /// <summary>State name (from <c>[PersistentState("name")]</c>).</summary>
    public required string StateName { get; set; }

    /// <summary><c>GrainId.ToString()</c>: grain type and key.</summary>
    public required string GrainId { get; set; }

    /// <summary>System.Text.Json (web defaults) document.</summary>
    public required string Payload { get; set; }

    /// <summary>Opaque optimistic-concurrency token, new on every write.</summary>
    public required string ETag { get; set; }

    public DateTime UpdatedAt { get; set; }
}
