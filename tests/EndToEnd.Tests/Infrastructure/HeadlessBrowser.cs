using System.Net;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a browser does between an authorize URL and the client's redirect URI, without a browser: follows the redirects
/// with cookies (the test issuer's login and consent finish at once) and stops at the redirect URI, whose query holds the
/// authorization response. Nothing need listen at the redirect URI.
/// </summary>
public static class HeadlessBrowser
{
    public static async Task<Uri> FollowToRedirectUriAsync(Uri authorizeUrl, string redirectUri)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);
        var location = authorizeUrl;
        for (var hop = 0; ; hop++)
        {
            Assert.True(hop < 20, $"the authorize redirects did not reach {redirectUri}");
            using var response = await browser.GetAsync(location);
            var next = response.Headers.Location;
            Assert.True(next is not null && (int)response.StatusCode is >= 300 and < 400,
                $"GET {location} answered {(int)response.StatusCode} without a redirect: {await response.Content.ReadAsStringAsync()}");
            location = new Uri(location, next);
            if (location.GetLeftPart(UriPartial.Path) == redirectUri)
            {
                return location;
            }
        }
    }
}
