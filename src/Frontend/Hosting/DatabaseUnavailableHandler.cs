using Microsoft.AspNetCore.Diagnostics;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// A request that reads the database while it is unreachable (restarting, failing over) gets 503 with
/// <c>Retry-After</c> and a problem that says so, not a bare 500: the client did nothing wrong and may send it again.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!PassingFailures.IsDatabaseUnavailable(exception) || context.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, context.Request.Path, exception.GetBaseException().Message);
        return await RetryLaterProblem.WriteAsync(problems, context, exception, "The database is unavailable", $"The platform's database could not be reached just now. Retry after {RetryLaterProblem.RetryAfterSeconds} s.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the database is unavailable ({Reason}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, PathString path, string reason);
}
