using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A steady stream of tool calls (<c>listContacts</c>) from a few agents, each with its own session, every call sent to
/// the next frontend in turn, as a balancer would spread them. Counts what failed, and how, without retrying.
/// </summary>
public sealed class SteadyCalls(IReadOnlyList<string> frontends, string agentKey, int agents)
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> failures = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gapLock = new();
    private TimeSpan lastSuccess;
    private TimeSpan longestGap;
    private int attempted;
    private int succeeded;

    public int Succeeded => Volatile.Read(ref succeeded);

    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, agents).Select(AgentAsync));

    public async Task WaitForCallsAsync(int succeededAtLeast, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Succeeded < succeededAtLeast)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"only {Succeeded} calls succeeded within {timeout}; {Report()}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<SteadyCallsReport> StopAsync(Task running)
    {
        await stop.CancelAsync();
        await running;
        return Report();
    }

    private SteadyCallsReport Report()
    {
        lock (gapLock)
        {
            return new(Volatile.Read(ref attempted), Succeeded, failures.Count, longestGap, failures.Take(5).ToList());
        }
    }

    /// <summary>The longest time without any call succeeding, across all agents.</summary>
    private void Succeed()
    {
        Interlocked.Increment(ref succeeded);
        lock (gapLock)
        {
            var now = clock.Elapsed;
            if (lastSuccess > TimeSpan.Zero && now - lastSuccess > longestGap)
            {
                longestGap = now - lastSuccess;
            }

            lastSuccess = now;
        }
    }

    private async Task AgentAsync(int agent)
    {
        using var session = await RawMcpSession.StartAsync(frontends[agent % frontends.Count], CrmScenario.Tenant, agentKey);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var frontend = frontends[(agent + n) % frontends.Count];
            Interlocked.Increment(ref attempted);
            try
            {
                using var response = await session.PostAsync(frontend, JsonSerializer.Serialize(new
                {
                    jsonrpc = "2.0",
                    id = $"{agent}-{n}",
                    method = "tools/call",
                    @params = new { name = "listContacts", arguments = new { } },
                }));
                var body = await response.Content.ReadAsStringAsync();
                if (Failure(response, body) is { } failure)
                {
                    failures.Enqueue($"{frontend} call {agent}-{n}: {failure}");
                    continue;
                }

                Succeed();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
            {
                failures.Enqueue($"{frontend} call {agent}-{n}: {e.GetType().Name} {e.Message}");
            }
        }
    }

    private static string? Failure(HttpResponseMessage response, string body)
    {
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode} {body}";
        }

        // Streamable HTTP answers with JSON or with an SSE event carrying it.
        var data = body.Split('\n').FirstOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal))?["data:".Length..] ?? body;
        using var message = JsonDocument.Parse(data);
        if (!message.RootElement.TryGetProperty("result", out var result))
        {
            return $"no result: {data}";
        }

        return result.TryGetProperty("isError", out var isError) && isError.GetBoolean() ? $"isError: {data}" : null;
    }
}

public sealed record SteadyCallsReport(int Attempted, int Succeeded, int Failed, TimeSpan LongestGap, IReadOnlyList<string> FirstFailures)
{
    public override string ToString() =>
        $"{Attempted} calls attempted, {Succeeded} succeeded, {Failed} failed, longest gap between successes {LongestGap.TotalMilliseconds:F0} ms{(FirstFailures.Count > 0 ? ": " + string.Join(" | ", FirstFailures) : "")}";
}
