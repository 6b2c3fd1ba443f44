using System.Globalization;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// The answer to a request that failed on something passing (the database restarting, a silo leaving): 503 with
/// <c>Retry-After</c> and a problem that says what happened, not a bare 500 — the client did nothing wrong.
/// </summary>
public static class RetryLaterProblem
{
    public const int RetryAfterSeconds = 2;

    public static ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext context, Exception exception, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }
}
