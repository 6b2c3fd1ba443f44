using System.Diagnostics.CodeAnalysis;

namespace McpPlatform.Contracts.Registry;

/// <summary>The one rule for URLs a tenant gives (document URLs, base URLs): absolute, and http or https.</summary>
public static class HttpUrls
{
    public static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    public static bool TryParse(string? value, [NotNullWhen(true)] out Uri? uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed) && IsHttp(parsed))
        {
            uri = parsed;
            return true;
        }

        uri = null;
        return false;
    }
}
