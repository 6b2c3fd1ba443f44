using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Requests;

namespace McpPlatform.OpenApi;

/// <summary>Builds the HTTP request for one tool call, placing each argument where its binding says.</summary>
public static class UpstreamRequestBuilder
{
    /// <param name="baseUrl">API base URL; the path template is appended to its path.</param>
    /// <param name="arguments">The tool-call arguments (a JSON object; undefined or null means none).</param>
    /// <exception cref="ArgumentBindingException">A required argument is missing or has the wrong shape.</exception>
    public static HttpRequestMessage Build(OperationBinding binding, Uri baseUrl, JsonElement arguments)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            throw new ArgumentBindingException("Tool arguments must be a JSON object.");

        var path = binding.PathTemplate;
        var query = new List<string>();
        var headers = new List<(string Name, string Value)>();
        var cookies = new List<string>();
        foreach (var parameter in binding.Parameters)
        {
            if (!ArgumentValues.TryGet(arguments, parameter.Argument, out var value))
            {
                if (parameter.Required || parameter.In == ParameterLocation.Path)
                    throw new ArgumentBindingException($"Missing required {parameter.In.ToString().ToLowerInvariant()} parameter '{parameter.Argument}'.");
                continue;
            }
            if (parameter.ContentType is not null) value = JsonText(value);
            switch (parameter.In)
            {
                case ParameterLocation.Path:
                    path = path.Replace("{" + parameter.Name + "}", ParameterSerializer.Path(parameter, value), StringComparison.Ordinal);
                    break;
                case ParameterLocation.Query: query.AddRange(ParameterSerializer.Query(parameter, value)); break;
                case ParameterLocation.Header: headers.Add((parameter.Name, ParameterSerializer.Header(parameter, value))); break;
                case ParameterLocation.Cookie: cookies.AddRange(ParameterSerializer.Cookie(parameter, value)); break;
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(binding.Method), ComposeUri(baseUrl, path, query));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (cookies.Count > 0) request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies));
        if (MediaTypeWithQualityHeaderValue.TryParse(binding.Accept, out var accept)) request.Headers.Accept.Add(accept);
        if (binding.Body is not null) request.Content = BodyEncoder.Encode(binding.Body, arguments);
        return request;
    }

    /// <summary>Content-described parameters carry their whole value as JSON text, serialized like a plain string.</summary>
    private static JsonElement JsonText(JsonElement value)
        => value.ValueKind == JsonValueKind.String ? value : JsonSerializer.SerializeToElement(value.GetRawText());

    /// <summary>Appends the path to the base URL's path (never replacing it) and keeps any query the base URL carries.</summary>
    private static Uri ComposeUri(Uri baseUrl, string path, List<string> query)
    {
        var builder = new StringBuilder(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        if (!path.StartsWith('/')) builder.Append('/');
        builder.Append(path);
        var baseQuery = baseUrl.Query.TrimStart('?');
        if (baseQuery.Length > 0) query.Insert(0, baseQuery);
        if (query.Count > 0) builder.Append('?').AppendJoin('&', query);
        return new Uri(builder.ToString(), UriKind.Absolute);
    }
}
