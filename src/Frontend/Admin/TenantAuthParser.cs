using System.Text.Json;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// Reads a tenant's <c>auth</c> object (how agents sign in at its MCP endpoint) by hand: a misspelt setting is an error
/// naming it, never silently ignored — an ignored typo in an access rule would open a tool to everyone.
/// </summary>
public static class TenantAuthParser
{
    public const int MaxUrlLength = 2048;
    public const int MaxNameLength = 256;
    public const int MaxScopes = 64;
    public const int MaxRules = 100;
    public const int MaxRuleTargets = 200;
    public const int MaxAuthorizeParameters = 16;
    public const int MaxParameterValueLength = 1024;

    private const string Example =
        "{\"apiKeys\": true, \"oauth\": {\"issuer\": \"https://login.example.com/realms/acme\", \"requiredScopes\": [\"mcp:tools\"]}}";

    private static readonly string[] AuthFields = ["apiKeys", "oauth"];
    private static readonly string[] OAuthFields = ["issuer", "audience", "requiredScopes", "roleClaim", "access", "proxy"];
    private static readonly string[] RuleFields = ["apis", "tools", "scopes", "roles"];
    private static readonly string[] ProxyFields = ["clientId", "defaultScopes", "authorizeParameters", "redirectUris"];
    public const int MaxRedirectUris = 32;

    /// <summary>Parameters the authorization-code flow sets itself; a tenant's value for one would break sign-in.</summary>
    private static readonly string[] FlowParameters =
        ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope", "resource"];

    public static bool TryParse(JsonElement auth, out TenantAuthSettings parsed, out string error)
    {
        var reader = new Reader();
        parsed = reader.Auth(auth) ?? TenantAuthSettings.Default;
        error = reader.Error ?? "";
        return reader.Error is null;
    }

    /// <summary>Reads the settings, keeping the first error (each names the field by its path, such as <c>auth.oauth.access[2].scopes</c>).</summary>
    private sealed class Reader
    {
        public string? Error { get; private set; }

        public TenantAuthSettings? Auth(JsonElement value)
        {
            if (!IsObject(value, "auth", AuthFields, $"an object such as {Example}"))
            {
                return null;
            }

            var apiKeys = Bool(value, "auth", "apiKeys", fallback: true);
            var oauth = Present(value, "oauth", out var oauthValue) ? OAuth(oauthValue) : null;
            if (Error is null && !apiKeys && oauth is null)
            {
                Fail("'auth.apiKeys' may be false only together with 'auth.oauth': otherwise no agent could sign in.");
            }

            return Error is null ? new TenantAuthSettings { ApiKeys = apiKeys, OAuth = oauth } : null;
        }

        private TenantOAuthSettings? OAuth(JsonElement value)
        {
            const string path = "auth.oauth";
            if (!IsObject(value, path, OAuthFields, "an object with at least 'issuer' (your identity provider's issuer URL)"))
            {
                return null;
            }

            var issuer = Issuer(value, path);
            var audience = Audience(value, path);
            var requiredScopes = Scopes(value, path, "requiredScopes");
            var roleClaim = RoleClaim(value, path);
            var access = Present(value, "access", out var accessValue) ? Rules(accessValue, $"{path}.access", roleClaim is not null) : [];
            var proxy = Present(value, "proxy", out var proxyValue) ? Proxy(proxyValue, $"{path}.proxy") : null;
            return Error is null
                ? new TenantOAuthSettings
                {
                    Issuer = issuer!,
                    Audience = audience,
                    RequiredScopes = requiredScopes,
                    RoleClaim = roleClaim,
                    Access = access,
                    Proxy = proxy,
                }
                : null;
        }

        /// <summary>
        /// As given, not normalised: a token's <c>iss</c> must equal it exactly. https, or http for this machine only
        /// (local development and tests); no query or fragment (RFC 8414 §2), no user info.
        /// </summary>
        private string? Issuer(JsonElement value, string path)
        {
            var rule = $"'{path}.issuer' must be your identity provider's issuer: an absolute https URL of at most {MaxUrlLength} characters " +
                       "without query or fragment (http only for localhost, 127.0.0.0/8 or ::1), such as \"https://login.example.com/realms/acme\".";
            var text = Present(value, "issuer", out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (text is null || text.Length > MaxUrlLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
                || text.Contains('?') || text.Contains('#')
                || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                Fail(rule);
                return null;
            }

            return text;
        }

        private string? Audience(JsonElement value, string path)
        {
            if (!Present(value, "audience", out var field))
            {
                return null;
            }

            // RFC 7519 StringOrURI: some providers put a bare client id in 'aud' (Entra ID v2 a GUID); anything with ':' is a URI.
            var text = field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (string.IsNullOrEmpty(text) || text.Length > MaxUrlLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
                || (text.Contains(':', StringComparison.Ordinal) && !Uri.TryCreate(text, UriKind.Absolute, out _)))
            {
                Fail($"'{path}.audience' must be the 'aud' your tokens carry, an absolute URI or an identifier without ':' " +
                     $"(at most {MaxUrlLength} characters, no spaces), or null for this tenant's MCP URL.");
                return null;
            }

            return text;
        }

        /// <summary>A dotted path into the token's claims, such as <c>realm_access.roles</c> or <c>roles</c>.</summary>
        private string? RoleClaim(JsonElement value, string path)
        {
            if (!Present(value, "roleClaim", out var field))
            {
                return null;
            }

            var text = field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (text is null || text.Length > MaxNameLength
                || text.Split('.').Any(segment => segment.Length == 0 || segment.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                Fail($"'{path}.roleClaim' must be the claim holding the roles: a name, or a dotted path of non-empty names such as " +
                     $"\"realm_access.roles\" (at most {MaxNameLength} characters, no spaces).");
                return null;
            }

            return text;
        }

        private IReadOnlyList<ToolAccessRule> Rules(JsonElement value, string path, bool hasRoleClaim)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxRules)
            {
                Fail($"'{path}' must be an array of at most {MaxRules} rules such as " +
                     "{\"apis\": [\"billing\"], \"tools\": [\"deleteCustomer\"], \"scopes\": [\"billing:write\"], \"roles\": [\"finance\"]}.");
                return [];
            }

            var rules = new List<ToolAccessRule>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var rulePath = $"{path}[{index++}]";
                if (!IsObject(item, rulePath, RuleFields, "an object with 'apis' or 'tools' (what it restricts) and 'scopes' or 'roles' (who may use them)"))
                {
                    return [];
                }

                var rule = new ToolAccessRule
                {
                    Apis = Names(item, rulePath, "apis", MaxRuleTargets, TenantIds.IsValid, $"API ids (matching {TenantIds.Pattern})"),
                    Tools = Names(item, rulePath, "tools", MaxRuleTargets,
                        name => name.Length <= TenantSettings.MaxToolNameLengthLimit && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)),
                        $"tool names (as listed, at most {TenantSettings.MaxToolNameLengthLimit} characters)"),
                    Scopes = Scopes(item, rulePath, "scopes"),
                    Roles = Names(item, rulePath, "roles", MaxScopes,
                        name => name.Length <= MaxNameLength && !name.Any(char.IsControl), $"role names (at most {MaxNameLength} characters)"),
                };
                if (Error is not null)
                {
                    return [];
                }

                if (rule.Apis.Count == 0 && rule.Tools.Count == 0)
                {
                    Fail($"'{rulePath}' restricts nothing: give 'apis' or 'tools' (or both).");
                }
                else if (rule.Scopes.Count == 0 && rule.Roles.Count == 0)
                {
                    Fail($"'{rulePath}' lets no one in: give 'scopes' or 'roles' (or both) that grant use of its tools.");
                }
                else if (rule.Roles.Count > 0 && !hasRoleClaim)
                {
                    Fail($"'{rulePath}.roles' needs 'auth.oauth.roleClaim' (the claim your tokens carry roles in); without it no token has roles.");
                }

                rules.Add(rule);
            }

            return Error is null ? rules : [];
        }

        private OAuthProxySettings? Proxy(JsonElement value, string path)
        {
            if (!IsObject(value, path, ProxyFields, "an object with 'clientId' (the public client you registered at your identity provider)"))
            {
                return null;
            }

            var clientId = Present(value, "clientId", out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > MaxNameLength || clientId.Any(char.IsControl))
            {
                Fail($"'{path}.clientId' is required: the id of the public client you registered at your identity provider " +
                     $"(a non-empty string of at most {MaxNameLength} characters).");
                return null;
            }

            var defaultScopes = Scopes(value, path, "defaultScopes");
            var parameters = Present(value, "authorizeParameters", out var parametersValue)
                ? AuthorizeParameters(parametersValue, $"{path}.authorizeParameters")
                : new Dictionary<string, string>();
            var redirectUris = Present(value, "redirectUris", out var redirectsValue) ? RedirectUris(redirectsValue, $"{path}.redirectUris") : [];
            return Error is null
                ? new OAuthProxySettings { ClientId = clientId, DefaultScopes = defaultScopes, AuthorizeParameters = parameters, RedirectUris = redirectUris }
                : null;
        }

        /// <summary>Exact redirect URIs of clients the proxy may send codes to (loopback ones need no listing): https, or a custom scheme of a native app.</summary>
        private List<string> RedirectUris(JsonElement value, string path)
        {
            var uris = new List<string>();
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxRedirectUris)
            {
                Fail($"'{path}' must be an array of at most {MaxRedirectUris} absolute redirect URIs, such as [\"https://claude.ai/api/mcp/auth_callback\"].");
                return uris;
            }

            foreach (var item in value.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (text is null || text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0
                    || (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback) || uri.Scheme is "javascript" or "data" or "file" or "vbscript")
                {
                    Fail($"'{path}': '{text}' is not a redirect URI the proxy can use: an absolute URI without a fragment, https (or http on a loopback address), or an app's own scheme.");
                    return uris;
                }

                uris.Add(text);
            }

            return uris;
        }

        private Dictionary<string, string> AuthorizeParameters(JsonElement value, string path)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail($"'{path}' must be an object of query parameter names to string values, such as {{\"audience\": \"https://api.example.com\"}}.");
                return parameters;
            }

            foreach (var parameter in value.EnumerateObject())
            {
                if (FlowParameters.Contains(parameter.Name, StringComparer.Ordinal))
                {
                    Fail($"'{path}.{parameter.Name}' is set by the sign-in flow itself and cannot be given. Not allowed: {string.Join(", ", FlowParameters)}.");
                    return parameters;
                }

                var text = parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString() : null;
                if (parameters.Count >= MaxAuthorizeParameters || parameter.Name.Length is 0 or > 64
                    || !parameter.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
                    || text is null || text.Length > MaxParameterValueLength || text.Any(char.IsControl))
                {
                    Fail($"'{path}': at most {MaxAuthorizeParameters} parameters, each a name of letters, digits, '_', '-' or '.' " +
                         $"with a string value of at most {MaxParameterValueLength} characters ('{parameter.Name}' is not).");
                    return parameters;
                }

                parameters[parameter.Name] = text;
            }

            return parameters;
        }

        /// <summary>RFC 6749 §3.3: scope tokens are printable ASCII without spaces, quotes or backslashes.</summary>
        private IReadOnlyList<string> Scopes(JsonElement value, string path, string name) =>
            Names(value, path, name, MaxScopes,
                scope => scope.Length <= MaxNameLength && scope.All(c => c is > ' ' and <= '~' and not '"' and not '\\'),
                $"scope names (printable ASCII without spaces, quotes or backslashes, at most {MaxNameLength} characters)");

        /// <summary>An optional array of distinct non-empty strings each passing <paramref name="valid"/>; duplicates are dropped.</summary>
        private IReadOnlyList<string> Names(JsonElement value, string path, string name, int max, Func<string, bool> valid, string what)
        {
            if (!Present(value, name, out var field))
            {
                return [];
            }

            var items = field.ValueKind == JsonValueKind.Array && field.GetArrayLength() <= max
                ? field.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : null).ToList()
                : null;
            if (items is null || items.Any(item => string.IsNullOrEmpty(item) || !valid(item)))
            {
                var culprit = items?.FirstOrDefault(item => string.IsNullOrEmpty(item) || !valid(item));
                Fail($"'{path}.{name}' must be an array of at most {max} {what}" + (culprit is null ? "." : $"; \"{culprit}\" is not one."));
                return [];
            }

            return items.Distinct(StringComparer.Ordinal).ToList()!;
        }

        private bool Bool(JsonElement value, string path, string name, bool fallback)
        {
            if (!Present(value, name, out var field))
            {
                return fallback;
            }

            if (field.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return field.GetBoolean();
            }

            Fail($"'{path}.{name}' must be true or false.");
            return fallback;
        }

        /// <summary>An object whose every property is one of <paramref name="known"/> (typo safety).</summary>
        private bool IsObject(JsonElement value, string path, string[] known, string shape)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail($"'{path}' must be {shape}.");
                return false;
            }

            foreach (var property in value.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    Fail($"'{path}.{property.Name}' is not a setting here. Known: {string.Join(", ", known)}.");
                    return false;
                }
            }

            return true;
        }

        /// <summary>A property that is there and not null (null means the same as absent).</summary>
        private static bool Present(JsonElement value, string name, out JsonElement field) =>
            value.TryGetProperty(name, out field) && field.ValueKind != JsonValueKind.Null;

        private void Fail(string message) => Error ??= message;
    }
}
