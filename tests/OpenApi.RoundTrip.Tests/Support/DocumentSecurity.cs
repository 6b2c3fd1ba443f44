using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary>
/// Harness-side credentials: reads the raw document's security requirements for one operation and adds what the
/// first satisfiable alternative asks for (apiKey in header/query/cookie, HTTP basic/bearer, OAuth2/OpenID Connect
/// as a bearer token). Attaching credentials is the platform's credentials feature, not the request builder's.
/// </summary>
public sealed class DocumentSecurity(JsonObject document)
{
    /// <summary>The raw document (YAML read into JSON).</summary>
    public JsonObject Document => document;

    public const string ApiKey = "roundtrip-api-key";
    public const string BearerToken = "roundtrip-token";
    public static readonly string BasicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("roundtrip-user:roundtrip-password"));

    public static DocumentSecurity Parse(string text)
    {
        if (text.TrimStart().StartsWith('{')) return new DocumentSecurity(JsonNode.Parse(text)!.AsObject());
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new DocumentSecurity(YamlConverter.ToJsonNode(stream.Documents[0]).AsObject());
    }

    private JsonObject? Schemes => (document["components"]?["securitySchemes"] ?? document["securityDefinitions"]) as JsonObject;

    /// <summary>Adds the credentials the operation requires; returns a short description (or null when none is needed).</summary>
    public string? Apply(HttpRequestMessage request, string method, string pathTemplate)
    {
        var operation = document["paths"]?[pathTemplate]?[method.ToLowerInvariant()] as JsonObject;
        var requirements = (operation?["security"] ?? document["security"]) as JsonArray;
        if (requirements is null || requirements.Count == 0) return null;
        if (requirements.Any(r => r is JsonObject { Count: 0 })) return null;

        foreach (var requirement in requirements.OfType<JsonObject>())
        {
            var schemes = requirement.Select(r => Schemes?[r.Key] as JsonObject).ToList();
            if (schemes.Any(s => s is null || !Supported(s))) continue;
            foreach (var scheme in schemes) Add(request, scheme!);
            return string.Join(" + ", requirement.Select(r => r.Key));
        }
        return "unsatisfiable: " + requirements.ToJsonString();
    }

    private static bool Supported(JsonObject scheme) => Type(scheme) is "apikey" or "http" or "basic" or "oauth2" or "openidconnect";

    private static string Type(JsonObject scheme) => scheme["type"]?.GetValue<string>().ToLowerInvariant() ?? "";

    private static void Add(HttpRequestMessage request, JsonObject scheme)
    {
        switch (Type(scheme))
        {
            case "apikey":
                var name = scheme["name"]!.GetValue<string>();
                switch (scheme["in"]?.GetValue<string>())
                {
                    case "query":
                        var uri = request.RequestUri!.ToString();
                        request.RequestUri = new Uri(uri + (uri.Contains('?') ? "&" : "?") + Uri.EscapeDataString(name) + "=" + ApiKey);
                        break;
                    case "cookie":
                        var existing = request.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : null;
                        request.Headers.Remove("Cookie");
                        request.Headers.TryAddWithoutValidation("Cookie", existing is null ? $"{name}={ApiKey}" : $"{existing}; {name}={ApiKey}");
                        break;
                    default:
                        if (!request.Headers.Contains(name)) request.Headers.TryAddWithoutValidation(name, ApiKey);
                        break;
                }
                break;
            case "basic":
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredentials);
                break;
            case "http":
                var httpScheme = scheme["scheme"]?.GetValue<string>() ?? "bearer";
                request.Headers.Authorization = httpScheme.Equals("basic", StringComparison.OrdinalIgnoreCase)
                    ? new AuthenticationHeaderValue("Basic", BasicCredentials)
                    : new AuthenticationHeaderValue(httpScheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer" : httpScheme, BearerToken);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
                break;
        }
    }
}
