using System.Net;

namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>
/// Follows an API's redirects only within its own origin (the same host and port; http may move up to https), so
/// credentials, forwarded headers and arguments never travel to a host the tenant did not register. A redirect anywhere
/// else comes back as the 3xx response it is, for <see cref="Describe"/> to explain.
/// </summary>
public sealed class SameOriginRedirects(int maxRedirects) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = request.RequestUri!;
        var current = request;
        var response = await base.SendAsync(request, cancellationToken);
        for (var hop = 0; hop < maxRedirects && Target(response) is { } location && SameOrigin(origin, location); hop++)
        {
            current = Follow(current, response.StatusCode, location);
            response.Dispose();
            response = await base.SendAsync(current, cancellationToken);
        }

        return response;
    }

    /// <returns>Null when the response is not an unfollowed redirect; otherwise what the agent should know about it.</returns>
    public static string? Describe(Uri requested, HttpResponseMessage response, int maxRedirects)
    {
        if (Target(response) is not { } location)
        {
            return null;
        }

        var status = $"HTTP {(int)response.StatusCode}";
        return SameOrigin(requested, location)
            ? $"The API kept redirecting ({status}, now to {location}); the platform follows at most {maxRedirects} redirects within the API."
            : $"The API redirected the call ({status}) to {location}, another host. The platform follows redirects only within " +
              $"{requested.GetLeftPart(UriPartial.Authority)}, so credentials and arguments never go elsewhere; if the API moved, " +
              "the tenant's admin should register its new baseUrl.";
    }

    private static Uri? Target(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || response.Headers.Location is not { } location)
        {
            return null;
        }

        return location.IsAbsoluteUri ? location
            : response.RequestMessage?.RequestUri is { } from && Uri.TryCreate(from, location, out var resolved) ? resolved : null;
    }

    private static bool SameOrigin(Uri origin, Uri target)
    {
        if (!string.Equals(origin.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (origin.Scheme == target.Scheme)
        {
            return origin.Port == target.Port;
        }

        // http → https on the same host (default ports) is the same API, better protected; https → http never is.
        return origin.Scheme == Uri.UriSchemeHttp && target.Scheme == Uri.UriSchemeHttps && origin.IsDefaultPort && target.IsDefaultPort;
    }

    /// <summary>The next request, as browsers do it: 303 (and 301/302 after a POST) become a GET without a body.</summary>
    private static HttpRequestMessage Follow(HttpRequestMessage previous, HttpStatusCode status, Uri location)
    {
        var toGet = (status == HttpStatusCode.SeeOther && previous.Method != HttpMethod.Head)
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && previous.Method == HttpMethod.Post);
        var next = new HttpRequestMessage(toGet ? HttpMethod.Get : previous.Method, location)
        {
            Content = toGet ? null : previous.Content,
            Version = previous.Version,
            VersionPolicy = previous.VersionPolicy,
        };
        foreach (var (name, values) in previous.Headers)
        {
            next.Headers.TryAddWithoutValidation(name, values);
        }

        return next;
    }
}
