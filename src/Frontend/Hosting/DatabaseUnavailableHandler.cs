using McpPlatform.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// A request that reads the database while it is unreachable (restarting, failing over) gets 503 with
/// <c>Retry-After</c> and a problem that says so, not a bare 500: the client did nothing wrong and may send it again.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientDatabaseErrors.IsTransient(exception) || context.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, context.Request.Path, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = $"The platform's database could not be reached just now. Retry after {RetryAfterSeconds} s.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the database is unavailable ({Reason}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, PathString path, string reason);
}
