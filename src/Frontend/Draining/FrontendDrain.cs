using McpPlatform.Frontend.Mcp;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Draining;

/// <summary>
/// A frontend's graceful stop. SIGTERM makes readiness fail at once (the host's "stopping" check). Then, before any
/// hosted service stops: keep serving for <see cref="ShutdownOptions.DrainDelay"/> while the load balancer catches up
/// (responses ask clients to close their connections, so kept-alive ones move too). Then the web server stops taking
/// requests and waits for those it has; meanwhile the tool calls in flight finish (up to
/// <see cref="ShutdownOptions.InFlightTimeout"/>, then are aborted) and the open streams close after them, which lets
/// the server's wait end. The Orleans client stops after the web server, so the calls' grain calls complete.
/// </summary>
public sealed partial class FrontendDrain(
    DrainSignal signal,
    InFlightCalls calls,
    IOptions<ShutdownOptions> options,
    TimeProvider time,
    ILogger<FrontendDrain> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private Task closing = Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        signal.Begin();
        LogDraining(logger, settings.DrainDelay.TotalSeconds, calls.Running);
        await Task.Delay(settings.DrainDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Not awaited here: the web server's stop comes next and must run meanwhile, refusing new requests.
        closing = FinishCallsThenCloseStreamsAsync(settings.InFlightTimeout, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await closing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private async Task FinishCallsThenCloseStreamsAsync(TimeSpan timeout, CancellationToken hostGivesUp)
    {
        var clock = time.GetTimestamp();
        while (calls.Running > 0 && time.GetElapsedTime(clock) < timeout && !hostGivesUp.IsCancellationRequested)
        {
            await Task.Delay(PollInterval, time, CancellationToken.None);
        }

        if (calls.Running > 0)
        {
            LogAborted(logger, calls.CancelAll(), timeout.TotalSeconds);
        }
        else
        {
            LogCallsFinished(logger, time.GetElapsedTime(clock).TotalMilliseconds);
        }

        signal.CloseStreams();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: readiness fails; serving {DrainDelaySeconds} s more while the load balancer catches up ({Running} tool calls running)")]
    private static partial void LogDraining(ILogger logger, double drainDelaySeconds, int running);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool calls in flight finished {ElapsedMs:F0} ms after the drain delay; closing streams")]
    private static partial void LogCallsFinished(ILogger logger, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborted {Count} tool calls still running {TimeoutSeconds} s after the drain delay (Platform:Shutdown:InFlightTimeout)")]
    private static partial void LogAborted(ILogger logger, int count, double timeoutSeconds);
}
