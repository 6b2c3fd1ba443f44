namespace McpPlatform.Frontend.Admin;

/// <summary>Every admin API error is <c>application/problem+json</c> with a detail that says what to fix.</summary>
public static class AdminProblems
{
    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>429; the caller sets <c>Retry-After</c>.</summary>
    public static IResult TooManyRequests(string detail) => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", detail);

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    public static IResult Unprocessable(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable document", detail, extensions);

    public static IResult TenantNotFound(string tenant) => NotFound($"Tenant '{tenant}' does not exist.");

    private static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
