using System.Globalization;
using McpPlatform.Persistence.AuditLog;
using McpPlatform.Persistence.Model;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// The tenant's audit log of tool calls: who called (key, or OAuth principal), which tool, when, and how it ended
/// (never arguments or bodies). Filters: <c>tool</c>, <c>subject</c>, <c>since</c>; pages with <c>before</c>.
/// </summary>
public static class CallsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapCallsApi(this RouteGroupBuilder tenant) =>
        tenant.MapGet("/calls", ListAsync).WithSummary("The tenant's tool calls, newest first (audit log)")
            .Produces<CallsPageResponse>();

    private static async Task<IResult> ListAsync(string tenant, HttpRequest request, AuditLogQuery audit, CancellationToken cancellationToken)
    {
        if (!TryReadFilter(tenant, request.Query, out var filter, out var error))
        {
            return AdminProblems.BadRequest(error);
        }

        var page = await audit.FindAsync(filter, cancellationToken);
        return TypedResults.Ok(new CallsPageResponse(page.Records.Select(CallResponse.From).ToList(), page.Next?.ToString()));
    }

    private static bool TryReadFilter(string tenant, IQueryCollection query, out AuditLogFilter filter, out string error)
    {
        filter = null!;
        error = "";
        string? tool = query["tool"];
        if (tool is { Length: 0 or > ToolCallAuditLimits.Tool })
        {
            error = $"'tool' must be a tool name of 1 to {ToolCallAuditLimits.Tool} characters.";
            return false;
        }

        string? subject = query["subject"];
        if (subject is { Length: 0 or > ToolCallAuditLimits.Subject })
        {
            error = $"'subject' must be a principal's subject (the token's 'sub') of 1 to {ToolCallAuditLimits.Subject} characters.";
            return false;
        }

        DateTime? since = null;
        if (query["since"] is { Count: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = $"'since' must be an ISO 8601 date and time, for example '{DateTime.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}'.";
                return false;
            }

            since = parsed.UtcDateTime;
        }

        var limit = DefaultLimit;
        if (query["limit"] is { Count: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            error = $"'limit' must be a whole number from 1 to {MaxLimit} (default {DefaultLimit}).";
            return false;
        }

        AuditCursor? before = null;
        if (query["before"] is { Count: > 0 } beforeText)
        {
            if (!AuditCursor.TryParse(beforeText, out var cursor))
            {
                error = "'before' must be the 'next' value of a previous page.";
                return false;
            }

            before = cursor;
        }

        filter = new AuditLogFilter(tenant, tool, since, before, limit, subject);
        return true;
    }
}

/// <summary>One page of the audit log; <c>next</c> (absent on the last page) is the <c>before</c> of the following one.</summary>
public sealed record CallsPageResponse(IReadOnlyList<CallResponse> Calls, string? Next);

public sealed record CallResponse(
    long Id,
    DateTime StartedAt,
    string Tool,
    string? Api,
    string? KeyId,
    string? SessionId,
    string? RequestId,
    string? Subject,
    string? ClientId,
    string? Scopes,
    string Outcome,
    int? UpstreamStatus,
    double DurationMs,
    double? UpstreamDurationMs,
    bool IdempotentReplay,
    string? TraceId)
{
    public static CallResponse From(ToolCallAuditRecord record) => new(
        record.Id, record.StartedAt, record.Tool, record.ApiId, record.KeyId, record.SessionId, record.RequestId,
        record.Subject, record.ClientId, record.Scopes, record.Outcome,
        record.UpstreamStatus, Math.Round(record.DurationMs, 3), record.UpstreamDurationMs is { } upstream ? Math.Round(upstream, 3) : null,
        record.IdempotentReplay, record.TraceId);
}
