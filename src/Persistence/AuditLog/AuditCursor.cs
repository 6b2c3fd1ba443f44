using System.Globalization;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>Where a page of the audit log ended: the last record's time and id. Written as <c>{ticks}-{id}</c>.</summary>
public readonly record struct AuditCursor(DateTime StartedAt, long Id)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{StartedAt.Ticks}-{Id}");

    public static bool TryParse(string? text, out AuditCursor cursor)
    {
        cursor = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        cursor = new AuditCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}
