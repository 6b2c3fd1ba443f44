using System.Text.Json;
using McpPlatform.Persistence.Model;
using Orleans;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Clustering;

/// <summary>Converts between Orleans <see cref="MembershipEntry"/> and <see cref="MembershipSiloRecord"/>.</summary>
internal static class MembershipEntryMapper
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static MembershipSiloRecord ToRecord(string clusterId, MembershipEntry entry, string etag)
    {
        var record = new MembershipSiloRecord
        {
            ClusterId = clusterId,
            SiloAddress = entry.SiloAddress.ToParsableString(),
            SiloName = entry.SiloName ?? string.Empty,
            HostName = entry.HostName ?? string.Empty,
            ETag = etag,
        };
        CopyMutableFields(entry, record);
        return record;
    }

    /// <summary>Copies everything UpdateRow may change (all but the key).</summary>
    public static void CopyMutableFields(MembershipEntry entry, MembershipSiloRecord record)
    {
        record.SiloName = entry.SiloName ?? string.Empty;
        record.HostName = entry.HostName ?? string.Empty;
        record.RoleName = entry.RoleName;
        record.Status = (int)entry.Status;
        record.ProxyPort = entry.ProxyPort;
        record.UpdateZone = entry.UpdateZone;
        record.FaultZone = entry.FaultZone;
        record.SuspectTimes = SerializeSuspects(entry.SuspectTimes);
        record.StartTime = ToUtc(entry.StartTime);
        record.IAmAliveTime = ToUtc(entry.IAmAliveTime);
    }

    public static MembershipEntry ToEntry(MembershipSiloRecord record) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(record.SiloAddress),
        SiloName = record.SiloName,
        HostName = record.HostName,
        RoleName = record.RoleName,
        Status = (SiloStatus)record.Status,
        ProxyPort = record.ProxyPort,
        UpdateZone = record.UpdateZone,
        FaultZone = record.FaultZone,
        SuspectTimes = DeserializeSuspects(record.SuspectTimes),
        StartTime = AsUtc(record.StartTime),
        IAmAliveTime = AsUtc(record.IAmAliveTime),
    };

    /// <summary>Orleans times are UTC; PostgreSQL timestamptz insists on <see cref="DateTimeKind.Utc"/>.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static DateTime AsUtc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static string? SerializeSuspects(List<Tuple<SiloAddress, DateTime>>? suspects)
    {
        if (suspects is null || suspects.Count == 0)
        {
            return null;
        }

        var items = suspects.Select(s => new Suspicion(s.Item1.ToParsableString(), ToUtc(s.Item2))).ToList();
        return JsonSerializer.Serialize(items, JsonOptions);
    }

    private static List<Tuple<SiloAddress, DateTime>> DeserializeSuspects(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        var items = JsonSerializer.Deserialize<List<Suspicion>>(json, JsonOptions) ?? [];
        return items.Select(s => Tuple.Create(SiloAddress.FromParsableString(s.Silo), AsUtc(s.At))).ToList();
    }

    private sealed record Suspicion(string Silo, DateTime At);
}
