using System.Text.Json;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi;

/// <summary>Builds the HTTP request for one tool call, placing each argument where its binding says.</summary>
public static class UpstreamRequestBuilder
{
    /// <param name="baseUrl">API base URL; the path template is appended to its path.</param>
    /// <param name="arguments">The tool-call arguments (a JSON object; undefined or null means none).</param>
    /// <exception cref="ArgumentBindingException">A required argument is missing or has the wrong shape.</exception>
    public static HttpRequestMessage Build(OperationBinding binding, Uri baseUrl, JsonElement arguments)
        => throw new NotImplementedException();
}
