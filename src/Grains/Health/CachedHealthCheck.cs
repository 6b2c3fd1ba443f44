using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Health;

/// <summary>
/// A check that leaves the process (a query, a grain call): one probe at a time, its answer shared by every caller
/// for <see cref="HealthProbeOptions.CacheDuration"/>, and bounded by <see cref="HealthProbeOptions.Timeout"/>.
/// Not cancelled by the asking request: other callers share the answer. A failure is reported with the registration's
/// failure status (Unhealthy unless registered otherwise).
/// </summary>
public abstract class CachedHealthCheck(IOptions<HealthProbeOptions> options, TimeProvider time) : IHealthCheck
{
    private readonly Lock gate = new();
    private Task<(bool Passed, string Description)>? last;
    private long lastStarted;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        Task<(bool Passed, string Description)> probe;
        lock (gate)
        {
            var fresh = last is not null && (!last.IsCompleted || time.GetElapsedTime(lastStarted) < options.Value.CacheDuration);
            if (!fresh)
            {
                lastStarted = time.GetTimestamp();
                last = RunAsync();
            }

            probe = last!;
        }

        var (passed, description) = await probe.WaitAsync(cancellationToken);
        return passed ? HealthCheckResult.Healthy(description) : new HealthCheckResult(context.Registration.FailureStatus, description);
    }

    /// <summary>Throws, or returns what passed; the base turns both, and a timeout, into a result.</summary>
    protected abstract Task<string> ProbeAsync(CancellationToken timeout);

    private async Task<(bool, string)> RunAsync()
    {
        var limit = options.Value.Timeout;
        using var timeout = new CancellationTokenSource(limit, time);
        try
        {
            // WaitAsync as well: not every client honours the token at every step (e.g. a grain call waiting for a gateway).
            return (true, await ProbeAsync(timeout.Token).WaitAsync(limit, time));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return (false, $"no answer within {limit.TotalMilliseconds:F0} ms");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (false, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
