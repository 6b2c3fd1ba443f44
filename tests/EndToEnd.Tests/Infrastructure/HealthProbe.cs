using System.Net;
using System.Text.Json;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>Asks a process's health endpoints, as a kubelet would, and reads the report.</summary>
public sealed class HealthProbe(string baseUrl) : IDisposable
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";
    public const string Startup = "/health/startup";

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthAnswer> GetAsync(string path)
    {
        using var response = await http.GetAsync(baseUrl + path);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!);
        return new HealthAnswer(response.StatusCode, checks, body);
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/>; returns that answer.</summary>
    public async Task<HealthAnswer> WaitForAsync(string path, HttpStatusCode status, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HealthAnswer? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                last = await GetAsync(path);
                if (last.Status == status)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{baseUrl}{path} did not answer {(int)status} within {timeout}; last: {last?.Body ?? "no answer"}");
    }

    public void Dispose() => http.Dispose();
}

public sealed record HealthAnswer(HttpStatusCode Status, IReadOnlyDictionary<string, string> Checks, string Body);
