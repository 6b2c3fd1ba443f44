using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

public enum VerdictKind
{
    /// <summary>Prism accepted the request.</summary>
    Pass,
    /// <summary>Prism accepted the request but could not mock a response (no response/example defined, mocker error).</summary>
    MockIssue,
    /// <summary>Prism rejected the request: it does not match the operation.</summary>
    Fail,
    /// <summary>Prism crashed on the request (a Prism bug); the request was not validated.</summary>
    PrismCrashed,
}

public sealed record Verdict(VerdictKind Kind, HttpStatusCode Status, string Detail)
{
    /// <summary>Prism's individual violation messages (for failures).</summary>
    public IReadOnlyList<string> Violations { get; init; } = [];
}

/// <summary>
/// Reads Prism's answer. Request violations come back either as Prism's own problem (422 UNPROCESSABLE_ENTITY with
/// <c>validation</c>, 401 UNAUTHORIZED, 404/405 route errors, 415 INVALID_CONTENT_TYPE) or, when the document defines
/// a 400/422/401 response, as that response with the violations in the <c>sl-violations</c> header.
/// </summary>
public static class PrismVerdict
{
    private const string Errors = "https://stoplight.io/prism/errors#";

    private static readonly HashSet<string> RequestErrors =
    [
        "UNPROCESSABLE_ENTITY", "NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR", "NO_SERVER_MATCHED_ERROR",
        "UNAUTHORIZED", "INVALID_CONTENT_TYPE", "NOT_ACCEPTABLE", "UNPROCESSABLE_ENTITY_ERROR",
    ];

    public static async Task<Verdict> ReadAsync(HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (response.Headers.TryGetValues("x-roundtrip-prism-crash", out var crash))
            return new Verdict(VerdictKind.PrismCrashed, status, $"Prism crashed on this request ({string.Join(" ", crash)})");
        if (response.Headers.TryGetValues("sl-violations", out var headerValues))
        {
            // The header carries request violations and also the mock response's own violations against the
            // document (examples that do not match their schema): only the request ones are the request's fault.
            var violations = ParseViolations(string.Join("", headerValues));
            var errors = violations.Where(v => v.Severity == "Error" && v.Request).ToList();
            if (errors.Count > 0) return new Verdict(VerdictKind.Fail, status, string.Join("; ", errors.Select(e => e.Text))) { Violations = [.. errors.Select(e => e.Text)] };
            if (violations.Count > 0)
            {
                var text = string.Join("; ", violations.Select(e => e.Text));
                return violations.Any(v => !v.Request)
                    ? new Verdict(VerdictKind.MockIssue, status, "mock response does not match the document: " + text)
                    : new Verdict(VerdictKind.Pass, status, "warnings: " + text);
            }
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json" && TryParse(body) is JsonObject problem
            && problem["type"]?.GetValue<string>() is { } type && type.StartsWith(Errors, StringComparison.Ordinal))
        {
            var code = type[Errors.Length..];
            var detail = $"{code}: {problem["title"]}. {problem["detail"]}";
            List<string> violations = [];
            if (problem["validation"] is JsonArray validation)
            {
                violations = [.. validation.OfType<JsonObject>().Select(v => $"[{string.Join('.', (v["location"] as JsonArray ?? []).Select(l => l?.ToString()))}] {v["message"]}")];
                detail = $"{code}: " + string.Join("; ", violations);
            }
            return new Verdict(RequestErrors.Contains(code) ? VerdictKind.Fail : VerdictKind.MockIssue, status, detail) { Violations = violations };
        }

        if ((int)status >= 500) return new Verdict(VerdictKind.MockIssue, status, "Prism mocker error: " + Truncate(body));
        return new Verdict(VerdictKind.Pass, status, "");
    }

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    private static List<(string Severity, bool Request, string Text)> ParseViolations(string header)
    {
        if (TryParse(header) is not JsonArray array) return [("Error", true, "unreadable sl-violations header: " + header)];
        return array.OfType<JsonObject>()
            .Select(v => (v["severity"]?.ToString() ?? "Error",
                (v["location"] as JsonArray)?.FirstOrDefault()?.ToString() != "response",
                $"[{string.Join('.', (v["location"] as JsonArray ?? []).Select(l => l?.ToString()))}] {v["code"]}: {v["message"]}"))
            .ToList();
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
