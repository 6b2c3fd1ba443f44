using System.Text.Json;
using McpPlatform.Contracts.RateLimiting;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// Reads a tenant's <c>limits</c> object by hand, so a misspelt budget is an error naming it instead of being ignored.
/// Every budget is "at most N per minute"; null or absent means the operator's default.
/// </summary>
public static class RateLimitsParser
{
    public static bool TryParse(JsonElement limits, out TenantRateLimits parsed, out string error)
    {
        parsed = TenantRateLimits.None;
        error = "";
        if (limits.ValueKind != JsonValueKind.Object)
        {
            error = "'limits' must be an object such as {\"callsPerMinute\": 600, \"writesPerMinute\": 100}.";
            return false;
        }

        foreach (var property in limits.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal))
            {
                error = $"'limits.{property.Name}' is not a budget; use {string.Join(", ", Known.Select(k => $"'{k}'"))}.";
                return false;
            }

            if (!TryBudget(property, out var value, ref error))
            {
                return false;
            }

            parsed = property.Name switch
            {
                "callsPerMinute" => parsed with { CallsPerMinute = value },
                "writesPerMinute" => parsed with { WritesPerMinute = value },
                "perKeyCallsPerMinute" => parsed with { PerKeyCallsPerMinute = value },
                "perKeyWritesPerMinute" => parsed with { PerKeyWritesPerMinute = value },
                _ => parsed with { AdminRequestsPerMinute = value },
            };
        }

        return true;
    }

    private static readonly string[] Known = ["callsPerMinute", "writesPerMinute", "perKeyCallsPerMinute", "perKeyWritesPerMinute", "adminRequestsPerMinute"];

    private static bool TryBudget(JsonProperty property, out int? value, ref string error)
    {
        value = null;
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var number)
            && number is >= TenantRateLimits.MinPerMinute and <= TenantRateLimits.MaxPerMinute)
        {
            value = number;
            return true;
        }

        error = $"'limits.{property.Name}' must be a whole number from {TenantRateLimits.MinPerMinute} to {TenantRateLimits.MaxPerMinute} " +
                "(calls per minute), or null for the operator's default.";
        return false;
    }
}
