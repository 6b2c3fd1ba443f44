using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// A request that failed on something passing (see <see cref="PassingFailures"/>: the database restarting, a silo
/// gone) gets 503 with <c>Retry-After</c> and a problem that says what happened, not a bare 500: the client did nothing
/// wrong, and the same request succeeds once the platform has healed, within seconds.
/// </summary>
public sealed partial class PassingFailureHandler(IProblemDetailsService problems, ILogger<PassingFailureHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The database first: its failures may also arrive wrapped in the cluster's (a grain's storage failed).
        var (title, detail) = PassingFailures.IsDatabaseUnavailable(exception)
            ? ("The database is unavailable", "The platform's database could not be reached just now.")
            : PassingFailures.IsClusterUnavailable(exception)
                ? ("The cluster is recovering", "A node of the platform did not answer (it may have just stopped); the cluster moves its work elsewhere within seconds.")
                : (null, null);
        if (title is null || context.Response.HasStarted)
        {
            return false;
        }

        LogRetryLater(logger, context.Request.Path, title, exception.GetType().Name, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = title,
                Detail = $"{detail} Retry after {RetryAfterSeconds} s.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: {Title} ({Exception}: {Reason}); answered 503")]
    private static partial void LogRetryLater(ILogger logger, PathString path, string title, string exception, string reason);
}
