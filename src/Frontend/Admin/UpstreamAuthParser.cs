using System.Text.Json;
using McpPlatform.Contracts.Registry;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// Reads an API registration's <c>auth</c> object and <c>forwardHeaders</c> list. A secret may be left out when the API
/// already has one of the same kind (the registry keeps it), so a GET → edit → PUT round trip works without it.
/// </summary>
public static class UpstreamAuthParser
{
    public const int MaxSecretLength = 8192;
    private const int MaxNameLength = 256;
    private const string Types = "none, apiKey, bearer, basic, oauth2ClientCredentials";

    private static readonly Dictionary<string, (UpstreamAuthKind Kind, string[] Fields)> Kinds = new(StringComparer.Ordinal)
    {
        ["none"] = (UpstreamAuthKind.None, ["type"]),
        ["apiKey"] = (UpstreamAuthKind.ApiKey, ["type", "in", "name", "value"]),
        ["bearer"] = (UpstreamAuthKind.Bearer, ["type", "token"]),
        ["basic"] = (UpstreamAuthKind.Basic, ["type", "username", "password"]),
        ["oauth2ClientCredentials"] = (UpstreamAuthKind.OAuth2ClientCredentials,
            ["type", "tokenUrl", "clientId", "clientSecret", "scopes", "audience", "clientAuthentication"]),
    };

    public static bool TryParse(JsonProperty property, out UpstreamAuth? auth, ref string error)
    {
        auth = null;
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var type = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String
            ? typeValue.GetString()!
            : null;
        if (type is null || !Kinds.TryGetValue(type, out var spec))
        {
            error = $"'auth' must be an object whose 'type' is one of: {Types}.";
            return false;
        }

        foreach (var field in value.EnumerateObject())
        {
            if (!spec.Fields.Contains(field.Name))
            {
                error = $"'auth.{field.Name}' is not a field of a '{type}' credential. Known: {string.Join(", ", spec.Fields)}.";
                return false;
            }
        }

        var fields = new Fields(value);
        auth = spec.Kind switch
        {
            UpstreamAuthKind.None => null,
            UpstreamAuthKind.ApiKey => ApiKey(fields),
            UpstreamAuthKind.Bearer => new UpstreamAuth { Kind = UpstreamAuthKind.Bearer, Secret = fields.Secret("token") },
            UpstreamAuthKind.Basic => new UpstreamAuth
            {
                Kind = UpstreamAuthKind.Basic,
                Username = fields.Text("username", required: true, check: u => !u.Contains(':'), rule: "without ':'"),
                Secret = fields.Secret("password"),
            },
            _ => ClientCredentials(fields),
        };
        error = fields.Error ?? "";
        return fields.Error is null;
    }

    /// <summary>Names of the agent's request headers to pass on to the API.</summary>
    public static bool TryParseForwardHeaders(JsonProperty property, List<string> names, ref string error)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() > HeaderForwarding.MaxHeaders)
        {
            error = $"'forwardHeaders' must be an array of at most {HeaderForwarding.MaxHeaders} header names.";
            return false;
        }

        foreach (var item in property.Value.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : "";
            if (!IsToken(name))
            {
                error = $"'forwardHeaders': {item.GetRawText()} is not a header name.";
                return false;
            }

            if (!HeaderForwarding.MayForward(name))
            {
                error = $"'forwardHeaders': '{name}' cannot be forwarded (the platform sets it, or it belongs to the MCP connection). Not forwardable: {HeaderForwarding.Refused}.";
                return false;
            }

            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        return true;
    }

    /// <summary>Each upstream header comes from one place: credentials, a static header, or the agent's request.</summary>
    public static string? Conflict(UpstreamAuth? auth, IReadOnlyList<string> forwarded, IReadOnlyDictionary<string, string> headers)
    {
        var authHeader = auth?.HeaderName;
        if (authHeader is not null && forwarded.Contains(authHeader, StringComparer.OrdinalIgnoreCase))
        {
            return $"'forwardHeaders' lists '{authHeader}', which 'auth' sets; remove one of them.";
        }

        if (authHeader is not null && headers.Keys.Contains(authHeader, StringComparer.OrdinalIgnoreCase))
        {
            return $"'headers' sets '{authHeader}', which 'auth' sets; keep credentials in 'auth' (it keeps them encrypted and never shows them).";
        }

        return forwarded.FirstOrDefault(name => headers.Keys.Contains(name, StringComparer.OrdinalIgnoreCase)) is { } both
            ? $"'{both}' is both in 'forwardHeaders' and in 'headers'; remove one of them."
            : null;
    }

    private static UpstreamAuth ApiKey(Fields fields)
    {
        var location = fields.Choice("in", ["header", "query"]) == "query" ? ApiKeyLocation.Query : ApiKeyLocation.Header;
        return new UpstreamAuth
        {
            Kind = UpstreamAuthKind.ApiKey,
            In = location,
            Name = fields.Text("name", required: true,
                check: location == ApiKeyLocation.Header ? IsToken : n => n.All(c => !char.IsControl(c)),
                rule: location == ApiKeyLocation.Header ? "a valid header name" : "without control characters"),
            Secret = fields.Secret("value"),
        };
    }

    private static UpstreamAuth ClientCredentials(Fields fields)
    {
        var tokenUrl = fields.Text("tokenUrl", required: true, check: u => HttpUrls.TryParse(u, out _), rule: "an absolute http(s) URL");
        return new UpstreamAuth
        {
            Kind = UpstreamAuthKind.OAuth2ClientCredentials,
            TokenUrl = tokenUrl,
            ClientId = fields.Text("clientId", required: true),
            Secret = fields.Secret("clientSecret"),
            Scopes = fields.Scopes("scopes"),
            Audience = fields.Text("audience", required: false),
            ClientAuthentication = fields.Choice("clientAuthentication", ["basic", "body"]) == "body"
                ? ClientAuthenticationMethod.RequestBody
                : ClientAuthenticationMethod.Basic,
        };
    }

    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    /// <summary>Reads fields of the auth object, keeping the first error.</summary>
    private sealed class Fields(JsonElement value)
    {
        public string? Error { get; private set; }

        public string? Text(string name, bool required, Func<string, bool>? check = null, string? rule = null)
        {
            var present = value.TryGetProperty(name, out var field) && field.ValueKind != JsonValueKind.Null;
            var text = present && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if ((present && string.IsNullOrWhiteSpace(text)) || (required && text is null) || text?.Length > MaxNameLength
                || (text is not null && (text.Any(char.IsControl) || check?.Invoke(text) == false)))
            {
                Fail($"'auth.{name}' must be a non-empty string of at most {MaxNameLength} characters{(rule is null ? "" : ", " + rule)}.");
                return null;
            }

            return text;
        }

        /// <summary>A secret may be absent (keep the stored one) but, when given, is a usable header or query value.</summary>
        public string? Secret(string name)
        {
            if (!value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var secret = field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength || secret.Any(char.IsControl))
            {
                Fail($"'auth.{name}' must be a non-empty string of at most {MaxSecretLength} characters, without control characters " +
                     "(or left out to keep the one already stored).");
                return null;
            }

            return secret;
        }

        public string? Choice(string name, string[] choices)
        {
            if (!value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
            {
                return choices[0];
            }

            var text = field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (text is null || !choices.Contains(text))
            {
                Fail($"'auth.{name}' must be one of: \"{string.Join("\", \"", choices)}\" (default \"{choices[0]}\").");
            }

            return text;
        }

        public IReadOnlyList<string> Scopes(string name)
        {
            if (!value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            // RFC 6749 §3.3: scope tokens are printable ASCII without spaces, quotes or backslashes.
            var scopes = field.ValueKind == JsonValueKind.Array
                ? field.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : null).ToList()
                : null;
            if (scopes is null || scopes.Count > 64
                || scopes.Any(s => string.IsNullOrEmpty(s) || s.Length > MaxNameLength || s.Any(c => c is <= ' ' or '"' or '\\' or > '~')))
            {
                Fail($"'auth.{name}' must be an array of scope names (printable ASCII without spaces, quotes or backslashes).");
                return [];
            }

            return scopes!;
        }

        private void Fail(string message) => Error ??= message;
    }
}
