using Microsoft.AspNetCore.Diagnostics;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// A request whose grain call failed in the Orleans runtime (its silo died and is not yet declared dead, no gateway
/// answers, the call timed out) gets 503 with <c>Retry-After</c> and a problem that says so, not a bare 500: the
/// cluster heals by itself within seconds and the same request then succeeds (see <see cref="PassingFailures"/>).
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!PassingFailures.IsClusterUnavailable(exception) || context.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, context.Request.Path, exception.GetType().Name, exception.Message);
        return await RetryLaterProblem.WriteAsync(problems, context, exception, "The cluster is recovering", $"A node of the platform did not answer (it may have just stopped); the cluster moves its work elsewhere within seconds. Retry after {RetryLaterProblem.RetryAfterSeconds} s.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the cluster did not answer ({Exception}: {Reason}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, PathString path, string exception, string reason);
}
