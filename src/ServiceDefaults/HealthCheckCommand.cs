using System.Globalization;

namespace McpPlatform.ServiceDefaults;

/// <summary>
/// <c>--health-check URL</c>: the app asks one of its own health endpoints and exits 0 (2xx) or 1, without starting the
/// host. The container images have no shell and no curl, so their HEALTHCHECK runs the app's own dll this way. A bare
/// path (<c>--health-check /health/live</c>) goes to this container's own HTTP port (the first of
/// <c>ASPNETCORE_HTTP_PORTS</c>), so the check follows the port if it is changed.
/// </summary>
public static class HealthCheckCommand
{
    public const string Argument = "--health-check";

    private const string HttpPortsVariable = "ASPNETCORE_HTTP_PORTS";
    private const string DefaultHttpPort = "8080"; // the ASP.NET Core container images' default
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The exit code when <paramref name="args"/> ask for a check; null when they do not (start normally).</summary>
    public static int? TryRun(string[] args, TextWriter? output = null)
    {
        var index = Array.IndexOf(args, Argument);
        if (index < 0)
        {
            return null;
        }

        output ??= Console.Out;
        var url = index + 1 < args.Length ? Resolve(args[index + 1]) : null;
        if (url is null)
        {
            output.WriteLine($"{Argument} needs a path or an absolute http(s) URL, e.g. {Argument} /health/live");
            return 2;
        }

        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = http.GetAsync(url).GetAwaiter().GetResult();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{url} answered {(int)response.StatusCode}"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            output.WriteLine($"{url} did not answer: {e.Message}");
            return 1;
        }
    }

    private static Uri? Resolve(string target)
    {
        if (target.StartsWith('/'))
        {
            var ports = Environment.GetEnvironmentVariable(HttpPortsVariable);
            var port = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            target = $"http://localhost:{port ?? DefaultHttpPort}{target}";
        }

        return Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
    }
}
